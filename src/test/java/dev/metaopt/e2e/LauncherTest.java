package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.DirectoryCopy;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/metaopt} with the AppCDS archive {@code mvn package} builds: used when it was built
 * for this jar, left out without a word otherwise (moved, stale, not an archive at all); the JIT's
 * thresholds raised for every command but a campaign; the short commands it was trained on loading
 * every class from it, and none of what they were made to avoid (a JSON mapper, an annotation
 * proxy). Runs after {@code package}, on the packaged jar.
 */
@Tag("e2e")
class LauncherTest {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final String FROM_ARCHIVE = "dev.metaopt.cli.Main source: shared objects file";

  @TempDir Path dir;
  private static String version;

  @BeforeAll
  static void packaged() throws IOException {
    assertThat(TARGET.resolve("metaopt.jar")).as("run after mvn package").exists();
    assertThat(TARGET.resolve("metaopt.jsa")).as("built by src/build/cds-archive.sh").exists();
    Path classLog = Files.createTempFile("metaopt-classes", ".log");
    try {
      version = run(Path.of("bin/metaopt"), classLog).stdout();
    } finally {
      Files.delete(classLog);
    }
  }

  @Test
  void aSourceCheckoutStartsFromItsArchive() throws IOException {
    // when
    Path classLog = dir.resolve("classes.log");
    ProcessResult result = run(Path.of("bin/metaopt"), classLog);

    // then: metaopt's own classes come from the archive
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("metaopt ").contains("Java ");
    assertThat(Files.readString(classLog)).contains(FROM_ARCHIVE);
  }

  @Test
  void anArchiveBuiltForAnotherPathIsLeftOut() throws IOException {
    // given: a distribution (launcher and jar side by side) with the archive built in target/
    Path launcher = distribution();

    // when / then
    assertStartsWithoutTheArchive(launcher);
  }

  @Test
  void anArchiveOlderThanTheJarIsLeftOut() throws IOException {
    // given: the archive is for this path, but the jar was rebuilt after it
    Path launcher = distribution();
    Files.writeString(dir.resolve("metaopt.jsa.classpath"), dir.resolve("metaopt.jar") + "\n");
    Files.setLastModifiedTime(dir.resolve("metaopt.jar"), FileTime.fromMillis(
        Files.getLastModifiedTime(dir.resolve("metaopt.jsa")).toMillis() + 60_000));

    // when / then
    assertStartsWithoutTheArchive(launcher);
  }

  @Test
  void aFileThatIsNoArchiveIsIgnoredByTheJvmSilently() throws IOException {
    // given: for this jar and newer than it, but not an archive (or one of another JDK)
    Path launcher = distribution();
    Files.writeString(dir.resolve("metaopt.jsa.classpath"), dir.resolve("metaopt.jar") + "\n");
    Files.delete(dir.resolve("metaopt.jsa"));
    Files.writeString(dir.resolve("metaopt.jsa"), "not a class-data archive");

    // when: run without the class log, so stderr is only what a user sees
    ProcessResult result = ProcessRunner.run(new ProcessSpec(
        List.of(launcher.toString(), "--version"), dir, environment(""), "",
        dir.resolve("stderr.log"), Duration.ofMinutes(2)));

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(version);
    assertThat(Files.readString(dir.resolve("stderr.log"))).isEmpty();
  }

  @Test
  void onlyACampaignKeepsTheJitsDefaultThresholds() throws IOException {
    // when: the JVM prints its final flags first
    Map<String, String> scaling = new HashMap<>();
    for (List<String> args : List.of(List.of("--version"), List.of("status", "--help"),
        List.of("run", "--help"), List.of("-v", "resume", "--help"))) {
      ProcessResult result = metaopt(Path.of("bin/metaopt"), "-XX:+PrintFlagsFinal", args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
      scaling.put(String.join(" ", args), result.stdout().lines()
          .filter(line -> line.contains(" CompileThresholdScaling ")).findFirst().orElseThrow()
          .replaceAll(".*= *([0-9.]+).*", "$1"));
    }

    // then
    assertThat(scaling).containsEntry("--version", "4.000000")
        .containsEntry("status --help", "4.000000")
        .containsEntry("run --help", "1.000000")
        .containsEntry("-v resume --help", "1.000000");
  }

  @Test
  void theShortCommandsLoadEveryClassFromTheArchiveAndNoMapperOrAnnotation() throws IOException {
    // given: the campaign the archive was trained on
    Path project = dir.resolve("project");
    DirectoryCopy.copy(Path.of(".ml-metaopt-example"), project.resolve(".ml-metaopt"));

    for (List<String> args : List.of(List.of("status", "-C", project.toString()),
        List.of("status", "--json", "-C", project.toString()), List.of("--version"))) {
      // when
      Path classLog = dir.resolve("classes.log");
      ProcessResult result =
          metaopt(Path.of("bin/metaopt"), "-Xlog:class+load:file=" + classLog, args);

      // then: none read from the jar or the JDK's modules (the JVM's spun classes aside)
      assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
      List<String> loads = Files.readAllLines(classLog);
      assertThat(loads).as(String.join(" ", args)).isNotEmpty()
          .noneMatch(line -> line.contains("source: jrt:/") || line.contains("source: file:")
              || line.contains("source: jar:"))
          .noneMatch(line -> line.contains("databind.ObjectMapper ")
              || line.contains("AnnotationInvocationHandler") || line.contains("$Proxy"));
    }
  }

  /** {@code launcher --version} answers as always, none of metaopt's classes from the archive. */
  private void assertStartsWithoutTheArchive(Path launcher) throws IOException {
    Path classLog = dir.resolve("classes.log");
    ProcessResult result = run(launcher, classLog);
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(version);
    assertThat(Files.readString(classLog)).doesNotContain(FROM_ARCHIVE);
  }

  /** Launcher, jar (its time kept), archive and its path file copied side by side into dir. */
  private Path distribution() throws IOException {
    for (String file : List.of("metaopt.jar", "metaopt.jsa", "metaopt.jsa.classpath")) {
      Files.copy(TARGET.resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    dir.resolve("metaopt.jsa").toFile().setWritable(true);
    Path launcher = dir.resolve("metaopt");
    Files.copy(Path.of("bin/metaopt"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    return launcher;
  }

  private static ProcessResult run(Path launcher, Path classLog) throws IOException {
    return metaopt(launcher, "-Xlog:class+load:file=" + classLog, List.of("--version"));
  }

  /** {@code launcher ARGS...} from the repository, the JVM given {@code javaOptions}. */
  private static ProcessResult metaopt(Path launcher, String javaOptions, List<String> args)
      throws IOException {
    List<String> argv = new ArrayList<>(List.of(launcher.toString()));
    argv.addAll(args);
    return ProcessRunner.run(new ProcessSpec(argv, Path.of("").toAbsolutePath(),
        environment(javaOptions), "", null, Duration.ofMinutes(2)));
  }

  private static Map<String, String> environment(String javaOptions) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("METAOPT_JAVA_OPTS", javaOptions);
    return env;
  }
}
