package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the backend writes for {@code wandb sweep} is read back by real PyYAML as numbers. */
class PyYamlTextTest {
  @TempDir Path dir;

  @Test
  void pyYamlReadsEveryNumberAsANumber() throws Exception {
    // given: values Jackson would write as 1.0E7 and 1.0E-5 (strings for PyYAML's YAML 1.1)
    ObjectNode config = Json.object();
    ObjectNode parameters = config.putObject("parameters");
    parameters.putObject("lr").put("min", 1e-5).put("max", 1e7);
    parameters.putObject("batch").putArray("values").add(16).add(1e20);
    config.put("tiny", 2.5e-12).put("zero", 0.0).put("plain", 0.001).put("count", 12);
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(file, PyYamlText.of(config));

    // when: wandb's own loader, yaml.safe_load (wandb/sdk/launch/sweeps/utils.py)
    ProcessResult result = ProcessRunner.run(new ProcessSpec(List.of(
        FakeTools.interpreter().toString(), "-c", "import json, sys, yaml\n"
            + "c = yaml.safe_load(open(sys.argv[1]))\n"
            + "def types(v):\n"
            + "    if isinstance(v, dict): return {k: types(x) for k, x in v.items()}\n"
            + "    if isinstance(v, list): return [types(x) for x in v]\n"
            + "    return type(v).__name__\n"
            + "print(json.dumps(types(c), sort_keys=True))", file.toString()), dir,
        Map.of("PATH", "/usr/bin:/bin"), "", null, Duration.ofSeconds(60)));

    // then
    assertThat(result.exitCode()).as(result.stdout()).isZero();
    assertThat(Json.parse(result.stdout())).isEqualTo(Json.parse("""
        {"count": "int", "parameters": {"batch": {"values": ["int", "float"]},
         "lr": {"max": "float", "min": "float"}}, "plain": "float", "tiny": "float",
         "zero": "float"}"""));
  }

  @Test
  void floatsKeepTheirValueInYamlSpelling() {
    assertThat(PyYamlText.yamlFloat(1e7)).isEqualTo("10000000.0");
    assertThat(PyYamlText.yamlFloat(1e-5)).isEqualTo("1.0e-5");
    assertThat(PyYamlText.yamlFloat(-2.5e20)).isEqualTo("-2.5e+20");
    assertThat(PyYamlText.yamlFloat(0.1)).isEqualTo("0.1");
  }
}
