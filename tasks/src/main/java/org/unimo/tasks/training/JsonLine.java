package org.unimo.tasks.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One flat JSON object of numbers and strings, in insertion order: the metrics stream's record.
 * Non-finite numbers are written as strings ("NaN", "Infinity") so every line stays valid JSON.
 */
public final class JsonLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public JsonLine put(String key, long value) {
    fields.put(key, value);
    return this;
  }

  public JsonLine put(String key, double value) {
    fields.put(key, value);
    return this;
  }

  public JsonLine put(String key, boolean value) {
    fields.put(key, value);
    return this;
  }

  public JsonLine put(String key, String value) {
    fields.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    return format("", "");
  }

  /** The same object with one field per line, for files people read (a run's manifest). */
  public String pretty() {
    return format("\n  ", "\n");
  }

  private String format(String indent, String end) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(indent);
      quote(out, field.getKey()).append(':');
      Object value = field.getValue();
      if (value instanceof Double d && !Double.isFinite(d)) {
        quote(out, d.toString());
      } else if (value instanceof Double d) {
        out.append(formatDouble(d));
      } else if (value instanceof Long || value instanceof Boolean) {
        out.append(value);
      } else {
        quote(out, value.toString());
      }
    }
    return out.append(end).append('}').toString();
  }

  private static String formatDouble(double d) {
    // Float-valued metrics: print the float's shortest form, not the widened double's digits.
    float f = (float) d;
    return f == d ? Float.toString(f) : Double.toString(d);
  }

  private static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
