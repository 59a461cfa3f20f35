package org.unimo.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.unimo.dsl.Activation;
import org.unimo.dsl.EncoderSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrcSpec;
import org.unimo.dsl.Pooling;
import org.unimo.tasks.data.ShapesWorldCache;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.eval.Recall;
import org.unimo.tasks.eval.RetrievalEvaluator;
import org.unimo.tasks.imports.ImportDir;
import org.unimo.tasks.training.InitialWeights;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.TrainingRun;

/**
 * Continues UNIMO pre-training from all-MiniLM-L6-v2 on the shapes world: the spec takes the
 * import's text input and encoder (the same as examples/configs/minilm-shapes.textproto), the run
 * starts from the imported weights, and the region projections, [IMG] and the objectives' heads
 * start fresh. Prints held-out retrieval R@1 before and after.
 *
 * <p>{@code java ... org.unimo.examples.ContinuedPretrainingExample IMPORT_DIR RUN_DIR [STEPS]}
 */
public final class ContinuedPretrainingExample {
  private ContinuedPretrainingExample() {}

  /** UNIMO's objectives on the shapes world around the imported encoder's sizes. */
  public static ModelSpec spec(ImportDir minilm, int steps) {
    EncoderSpec encoder = minilm.spec().encoder();
    return ModelSpec.define(
        "minilm-shapes",
        m -> m.seed(42)
            .text(t -> t.wordPiece(minilm.spec().text().vocabSize(), minilm.spec().text().lowerCase()).maxLength(24))
            .image(i -> i.featureSize(64).maxRegions(5).boxFeatures(5))
            .encoder(
                e -> e.layers(encoder.layers())
                    .hidden(encoder.hidden())
                    .heads(encoder.heads())
                    .ffn(encoder.ffn())
                    .activation(Activation.GELU)
                    .maxPositions(encoder.maxPositions())
                    .typeVocabSize(encoder.typeVocabSize())
                    .pooling(Pooling.PLAIN_MEAN))
            .maskedLm(o -> o.weight(0.25f).rate(0.15f).maxPredictions(5))
            .cmcl(c -> c.weight(1f).temperature(0.07f))
            .mrfr(r -> r.weight(0.25f).rate(0.15f))
            .mrc(r -> r.weight(0.25f).rate(0.15f).target(MrcSpec.Target.SOFT).classes(30))
            .optimizer(o -> o.learningRate(3e-4f).warmupSteps(30).clipNorm(1f))
            .training(t -> t.batchSize(32).steps(steps))
            .compile(c -> c.intraOpThreads(2).interOpThreads(1))
            .shapesWorld(w -> w.trainScenes(4000).heldoutScenes(100).imageOnlyScenes(1000)));
  }

  /** Trains {@code spec} from the import in {@code runDir}; returns held-out R@1 before and after. */
  public static Recall[] run(ImportDir minilm, ModelSpec spec, ShapesWorldData world, Path runDir) throws IOException {
    InitialWeights init = new InitialWeights(minilm.tokenizer(), minilm.weights(), minilm.source(), minilm.weightsSha256());
    try (TrainingRun run =
        TrainingRun.prepare(spec, new ShapesWorldSource(world), runDir, org.unimo.graph.CompileOptions.training(), init)) {
      RetrievalEvaluator heldout = new RetrievalEvaluator(spec, run.tokenizer(), world.heldout());
      Recall before = heldout.evaluate(run.embedder());
      run.train(Trainer.Options.of(false, true), m -> {});
      return new Recall[] {before, heldout.evaluate(run.embedder())};
    }
  }

  public static void main(String[] args) throws IOException {
    ImportDir minilm = ImportDir.read(Path.of(args[0]));
    ModelSpec spec = spec(minilm, args.length > 2 ? Integer.parseInt(args[2]) : 300);
    ShapesWorldData world = ShapesWorldCache.load(ShapesWorldCache.defaultDir(), ShapesWorldConfig.of(spec));
    Recall[] recall = run(minilm, spec, world, Path.of(args[1]));
    System.out.printf(
        "held-out R@1 text->image: %.2f before, %.2f after %d steps%n",
        recall[0].textToImage(), recall[1].textToImage(), spec.training().steps());
  }
}
