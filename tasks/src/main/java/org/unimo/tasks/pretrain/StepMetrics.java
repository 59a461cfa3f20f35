package org.unimo.tasks.pretrain;

import com.google.common.collect.ImmutableMap;

/**
 * What one training step reports.
 *
 * @param step the step number, from 1
 * @param losses each declared objective's loss by name ({@code mlm}, {@code cmcl}) and {@code
 *     total}
 * @param learningRate the rate the step used
 * @param gradientNorm the global gradient norm before clipping
 * @param examplesPerSecond examples (pairs plus masked texts) processed per second by this step
 */
public record StepMetrics(
    long step,
    ImmutableMap<String, Float> losses,
    float learningRate,
    float gradientNorm,
    double examplesPerSecond) {

  /** The record of the metrics stream: {@code {"step":1,"mlm":..,"cmcl":..,"total":..,...}}. */
  public JsonLine toJson() {
    JsonLine line = new JsonLine().put("step", step);
    losses.forEach(line::put);
    return line.put("learning_rate", learningRate)
        .put("gradient_norm", gradientNorm)
        .put("examples_per_sec", Math.round(examplesPerSecond * 10) / 10.0);
  }
}
