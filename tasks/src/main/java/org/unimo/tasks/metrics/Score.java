package org.unimo.tasks.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of scoring one prediction file: what {@code unimo score} prints as one JSON object,
 * {@code {"metric": "cider", "value": 0.91, "count": 5000, ...extras}}, values as fractions (0.8,
 * not 80).
 *
 * @param metric the metric's name
 * @param value the headline number
 * @param count how many examples (sentences, questions, images, queries) were scored
 * @param extras further numbers in a stable order (BLEU-1..3 beside BLEU-4, VQA's breakdowns, ...)
 */
public record Score(String metric, double value, int count, Map<String, Object> extras) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  public Score {
    extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** One line of JSON. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("metric", metric);
    json.put("value", value);
    json.put("count", count);
    json.putAll(extras);
    return GSON.toJson(json);
  }
}
