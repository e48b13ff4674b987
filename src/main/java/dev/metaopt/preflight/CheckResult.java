package dev.metaopt.preflight;

/**
 * One readiness check: its name, {@code passed|failed|bootstrapped|warning}, what was found, and
 * for a failure what to do about it.
 */
public record CheckResult(String name, String status, String detail, String remediation) {
  public static CheckResult passed(String name, String detail) {
    return new CheckResult(name, "passed", detail, "");
  }

  public static CheckResult failed(String name, String detail, String remediation) {
    return new CheckResult(name, "failed", detail, remediation);
  }

  public static CheckResult warning(String name, String detail) {
    return new CheckResult(name, "warning", detail, "");
  }

  public static CheckResult bootstrapped(String name, String detail) {
    return new CheckResult(name, "bootstrapped", detail, "");
  }

  public boolean isFailure() {
    return status.equals("failed");
  }
}
