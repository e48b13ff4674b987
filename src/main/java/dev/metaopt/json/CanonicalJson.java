package dev.metaopt.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON as the upstream contract hashes it (Python {@code json.dumps(sort_keys=True,
 * separators=(",", ":"), ensure_ascii=True)}): no whitespace, keys in code-point order, every
 * character outside printable ASCII escaped as lowercase {@code \\uXXXX}, floats in Python repr.
 *
 * <p>Jackson escapes with uppercase hex and prints floats Java-style, so the identity hash needs
 * this small writer of its own.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** True when {@code a} and {@code b} have the same canonical text (key order aside). */
  public static boolean same(JsonNode a, JsonNode b) {
    return write(a).equals(write(b));
  }

  /** The SHA-256 of the canonical text of {@code node}, as 64 lowercase hex digits. */
  public static String sha256(JsonNode node) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(write(node).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime ships SHA-256", e);
    }
  }

  /** The canonical text of {@code node}. */
  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  private static void append(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendString(e.getKey(), out);
        out.append(':');
        append(e.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> it = node.elements();
      boolean first = true;
      while (it.hasNext()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        append(it.next(), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      appendString(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue().toString());
    } else if (node.isNumber()) {
      out.append(pythonFloatRepr(node.doubleValue()));
    } else {
      appendString(node.asText(), out);
    }
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
  static String pythonFloatRepr(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0.0) {
      return (1.0 / value < 0) ? "-0.0" : "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = decimal.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String sign = value < 0 ? "-" : "";
    String expSign = exponent < 0 ? "-" : "+";
    int absExp = Math.abs(exponent);
    return sign + mantissa + "e" + expSign + (absExp < 10 ? "0" + absExp : Integer.toString(absExp));
  }

  private static void appendString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
