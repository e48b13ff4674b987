package dev.metaopt.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The two halves of the state-patch protocol: {@link #diff} computes what an agent changed, and
 * {@link #apply} deep-merges a patch (objects merge key by key; lists, scalars and null replace).
 */
public final class JsonMerge {
  private JsonMerge() {}

  /**
   * The minimal patch turning {@code before} into {@code after} (keys removed from {@code after}
   * are not represented; a patch never deletes). Unlike the upstream helper, a key that is new
   * with a null value IS emitted (defect D-1: the fresh state lost its null keys), and values are
   * compared with their JSON types ({@code 1} differs from {@code 1.0}, {@code true} from
   * {@code 1}; upstream D-17).
   */
  public static ObjectNode diff(ObjectNode before, ObjectNode after) {
    ObjectNode patch = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode next = entry.getValue();
      JsonNode previous = before.get(key);
      if (previous == null) {
        patch.set(key, next.deepCopy());
      } else if (previous.isObject() && next.isObject()) {
        ObjectNode nested = diff((ObjectNode) previous, (ObjectNode) next);
        if (!nested.isEmpty()) {
          patch.set(key, nested);
        }
      } else if (!sameTyped(previous, next)) {
        patch.set(key, next.deepCopy());
      }
    }
    return patch;
  }

  /** Deep-merges {@code patch} into a copy of {@code base} and returns the copy. */
  public static ObjectNode apply(ObjectNode base, ObjectNode patch) {
    ObjectNode result = base.deepCopy();
    mergeInto(result, patch);
    return result;
  }

  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode current = target.get(entry.getKey());
      JsonNode incoming = entry.getValue();
      if (current != null && current.isObject() && incoming.isObject()) {
        mergeInto((ObjectNode) current, (ObjectNode) incoming);
      } else {
        target.set(entry.getKey(), incoming.deepCopy());
      }
    }
  }

  /** Structural equality that also requires equal JSON types (Jackson: IntNode(1) != DoubleNode(1.0)). */
  private static boolean sameTyped(JsonNode a, JsonNode b) {
    return a.equals(b);
  }
}
