package dev.metaopt.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only variables a child process (worker, trial, smoke test) inherits from metaopt's
 * environment. Everything else — notably API keys — must be passed explicitly, so a secret never
 * reaches a process that was not meant to have it.
 */
public final class MinimalEnvironment {
  /** Variables a program needs to run at all. */
  public static final List<String> BASE =
      List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME");

  private MinimalEnvironment() {}

  /** The {@link #BASE} variables of {@code source} that are set. */
  public static Map<String, String> from(Map<String, String> source) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : BASE) {
      if (source.containsKey(name)) {
        env.put(name, source.get(name));
      }
    }
    return env;
  }
}
