package org.unimo.tasks.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;

/**
 * What each part of CMCL buys: the tiny retrieval model trained with the same seed, data and step
 * budget five ways -- no CMCL (masked LM alone); in-batch CMCL; + rewritten hard negatives (TF-IDF
 * neighbours, object, attribute and relation rewrites, one of each per pair); + positives (one
 * WordNet paraphrase per pair); + retrieval (one related image and one related corpus sentence per
 * pair) -- each measured by R@1 in both directions and compositional accuracy on held-out scenes.
 */
public final class Ablation {
  /** One configuration of the table. */
  public record Variant(String name, ModelSpec spec) {}

  /** One row of the table. */
  public record Row(
      String variant, Recall recall, Map<SampleKind, Double> compositional, float lastLoss, double seconds) {
    /** The mean of the three compositional accuracies. */
    public double compositionalMean() {
      return compositional.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  private Ablation() {}

  /** The five variants of {@link Presets#cmclAblation} with {@code steps} training steps each. */
  public static List<Variant> variants(int steps) {
    Presets.Ablation ablation = Presets.cmclAblation(steps);
    List<Variant> variants = new ArrayList<>();
    ablation.variants().forEach((name, spec) -> variants.add(new Variant(name, spec)));
    return variants;
  }

  /** The loss the ablation reports last: the varied objective's. */
  private static final Presets.Ablation SUBJECT = Presets.cmclAblation(1);

  /**
   * Trains and evaluates one variant in {@code runDir}.
   *
   * @return the row, or null if {@code options} stopped the training early
   */
  public static @Nullable Row run(
      Variant variant, ShapesWorldData world, Path runDir, Trainer.Options options, PrintStream log)
      throws IOException {
    long start = System.nanoTime();
    try (TrainingRun run = TrainingRun.prepare(variant.spec(), new ShapesWorldSource(world), runDir)) {
      log.printf("== %s (%s, sha256 %s)%n", variant.name(), variant.spec().name(), variant.spec().fingerprint().substring(0, 16));
      Trainer.Summary trained = run.train(options, m -> {});
      if (!trained.status().finished()) {
        return null;
      }
      StepMetrics last = trained.last();
      RetrievalEvaluator retrieval = new RetrievalEvaluator(variant.spec(), run.tokenizer(), world.heldout());
      CompositionalEvaluator compositional =
          new CompositionalEvaluator(retrieval, world.heldout(), variant.spec().seed());
      Float focus = last == null ? null : last.losses().get(SUBJECT.loss());
      Row row =
          new Row(
              variant.name(),
              retrieval.evaluate(run.embedder()),
              compositional.evaluate(run.embedder()),
              focus == null ? Float.NaN : focus,
              (System.nanoTime() - start) / 1e9);
      log.println("   " + describe(row));
      return row;
    }
  }

  private static String describe(Row row) {
    return String.format(
        Locale.ROOT,
        "R@1 text->image %.0f%%, image->text %.0f%%, compositional %.0f%% (%.0f s)",
        100 * row.recall().textToImage(),
        100 * row.recall().imageToText(),
        100 * row.compositionalMean(),
        row.seconds());
  }

  /** The table as Markdown. */
  public static String table(List<Row> rows, int steps, int heldout) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "| %s variant (%d steps, seed 42) | R@1 text->image | R@1 image->text | object | attribute | relation | compositional mean | final %s loss | time |%n",
            SUBJECT.subject(),
            steps,
            SUBJECT.subject()));
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.1f%% | %s | %.0f s |%n",
              row.variant(),
              100 * row.recall().textToImage(),
              100 * row.recall().imageToText(),
              100 * row.compositional().get(SampleKind.OBJECT),
              100 * row.compositional().get(SampleKind.ATTRIBUTE),
              100 * row.compositional().get(SampleKind.RELATION),
              100 * row.compositionalMean(),
              Float.isNaN(row.lastLoss()) ? "-" : String.format(Locale.ROOT, "%.3f", row.lastLoss()),
              row.seconds()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nR@1 ranks %d held-out scenes (chance %.0f%%); compositional accuracy: share of held-out scenes whose"
                + " image scores the true caption above a caption with one object, attribute or relation changed"
                + " (chance 50%%).%n",
            heldout,
            100.0 / heldout));
    return out.toString();
  }
}
