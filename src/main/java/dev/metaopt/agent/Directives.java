package dev.metaopt.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;

/** Builds directive objects: every directive has an {@code action} and a {@code reason}. */
final class Directives {
  private Directives() {}

  static ObjectNode of(String action, String reason) {
    ObjectNode directive = Json.object();
    directive.put("action", action);
    directive.put("reason", reason);
    return directive;
  }
}
