package org.unimo.tasks.training;

import com.google.common.collect.ImmutableMap;
import org.jspecify.annotations.Nullable;

/**
 * What one training step reports.
 *
 * @param step the step number, from 1
 * @param data with {@code training.mix}, the kind of data the step trained on (text, image,
 *     pair); null when every step takes every kind
 * @param losses each declared objective's loss by name ({@code mlm}, {@code cmcl}) and {@code
 *     total}
 * @param learningRate the rate the step used
 * @param gradientNorm the global gradient norm before clipping
 * @param examplesPerSecond examples (pairs plus masked texts) processed per second by this step
 * @param lossScale FP16: the loss scale the step used; null without loss scaling
 * @param skippedSteps FP16: steps skipped so far for non-finite gradients, this one included
 */
public record StepMetrics(
    long step,
    @Nullable String data,
    ImmutableMap<String, Float> losses,
    float learningRate,
    float gradientNorm,
    double examplesPerSecond,
    @Nullable Float lossScale,
    long skippedSteps) {

  /** The record of the metrics stream: {@code {"step":1,"NAME":..,"total":..,...}}, a loss per objective. */
  public JsonLine toJson() {
    return toJson(true);
  }

  /**
   * The record, with or without {@code examples_per_sec}: a deterministic run leaves the one
   * measured (not computed) field out, so two runs print identical lines.
   */
  public JsonLine toJson(boolean withThroughput) {
    JsonLine line = new JsonLine().put("step", step);
    if (data != null) {
      line.put("data", data);
    }
    losses.forEach(line::put);
    line.put("learning_rate", learningRate).put("gradient_norm", gradientNorm);
    if (lossScale != null) {
      line.put("loss_scale", lossScale).put("skipped_steps", skippedSteps);
    }
    return withThroughput ? line.put("examples_per_sec", Math.round(examplesPerSecond * 10) / 10.0) : line;
  }

  /**
   * Reads a line {@link #toJson} wrote: what a resumed run reads back from {@code metrics.jsonl}.
   * The losses are the fields between {@code step} (and {@code data}) and {@code learning_rate}.
   *
   * @throws IllegalArgumentException if the line is not such a record
   */
  public static StepMetrics fromJson(String line) {
    try {
      com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
      ImmutableMap.Builder<String, Float> losses = ImmutableMap.builder();
      for (var field : json.entrySet()) {
        String key = field.getKey();
        if (key.equals("learning_rate")) {
          break;
        }
        if (!key.equals("step") && !key.equals("data")) {
          losses.put(key, field.getValue().getAsFloat());
        }
      }
      return new StepMetrics(
          json.get("step").getAsLong(),
          json.has("data") ? json.get("data").getAsString() : null,
          losses.buildOrThrow(),
          json.get("learning_rate").getAsFloat(),
          json.get("gradient_norm").getAsFloat(),
          json.has("examples_per_sec") ? json.get("examples_per_sec").getAsDouble() : 0,
          json.has("loss_scale") ? json.get("loss_scale").getAsFloat() : null,
          json.has("skipped_steps") ? json.get("skipped_steps").getAsLong() : 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a metrics line: " + line, e);
    }
  }

  /** The scalars TensorBoard shows: {@code loss/NAME}, learning rate, gradient norm, throughput. */
  public java.util.Map<String, Float> scalars() {
    java.util.Map<String, Float> scalars = new java.util.LinkedHashMap<>();
    losses.forEach((name, value) -> scalars.put("loss/" + name, value));
    scalars.put("learning_rate", learningRate);
    scalars.put("gradient_norm", gradientNorm);
    if (lossScale != null) {
      scalars.put("loss_scale", lossScale);
      scalars.put("skipped_steps", (float) skippedSteps);
    }
    scalars.put("examples_per_sec", (float) examplesPerSecond);
    return scalars;
  }
}
