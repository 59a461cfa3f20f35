package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.StepBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * The retrieval head's loss equals the contrastive loss computed here from the model's own
 * embeddings: each text against the batch's images and each image against its texts, by cosine
 * over the temperature, with another caption of a text's own image left out of the softmax.
 */
class RetrievalHeadTest {
  private static final float TEMPERATURE = 0.1f;

  private static ModelSpec spec() {
    return TinyBatches.spec()
        .encoder(e -> e.dropout(0f))
        .retrieval("retrieval", h -> h.labels("pairs").temperature(TEMPERATURE))
        .build();
  }

  @Test
  void theLossIsTheContrastiveLossWithTheSameImageLeftOut() {
    ModelSpec spec = spec();
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      StepBatch tiny = TinyBatches.batch(3);
      PairBatch pairs = tiny.pairs();
      float[][] texts = model.embedTexts(pairs.text());
      float[][] images = model.embedImages(pairs.image());
      // Distinct images; then rows 0 and 1 as two captions of one image (the same image id).
      for (int[] ids : new int[][] {{0, 1, 2, 3}, {5, 5, 6, 7}}) {
        float loss = loss(compiled, model, withLabels(tiny, ids));
        assertThat(loss).isCloseTo(expected(texts, images, ids), within(1e-5f));
      }
      assertThat(loss(compiled, model, withLabels(tiny, new int[] {5, 5, 6, 7})))
          .isNotCloseTo(loss(compiled, model, withLabels(tiny, new int[] {0, 1, 2, 3})), within(1e-4f));
    }
  }

  /** Half the sum of the two directions' cross-entropies, averaged over the pairs. */
  private static float expected(float[][] texts, float[][] images, int[] ids) {
    int n = ids.length;
    double total = 0;
    for (int direction = 0; direction < 2; direction++) {
      for (int i = 0; i < n; i++) {
        double denominator = 0;
        double positive = 0;
        for (int j = 0; j < n; j++) {
          if (j != i && ids[j] == ids[i]) {
            continue;
          }
          float[] a = direction == 0 ? texts[i] : images[i];
          float[] b = direction == 0 ? images[j] : texts[j];
          double dot = 0;
          for (int h = 0; h < a.length; h++) {
            dot += a[h] * b[h];
          }
          double e = Math.exp(dot / TEMPERATURE);
          denominator += e;
          if (j == i) {
            positive = e;
          }
        }
        total += -Math.log(positive / denominator);
      }
    }
    return (float) (total / 2 / n);
  }

  private static float loss(CompiledModel compiled, LiveModel model, StepBatch batch) {
    CompiledModel.CompiledObjective head =
        compiled.objectives().stream().filter(o -> o.name().equals("retrieval")).findFirst().orElseThrow();
    try (StepFeeds feeds = new StepFeeds(model.session().runner())) {
      head.compiled().feed(batch, feeds);
      try (Result result = feeds.runner().fetch(head.loss()).run()) {
        return Outputs.scalar(result.get(0));
      }
    }
  }

  /** The tiny batch's pairs as labelled examples, the image ids {@code ids}. */
  private static StepBatch withLabels(StepBatch tiny, int[] ids) {
    PairBatch pairs = tiny.pairs();
    LabeledExamples labeled =
        new LabeledExamples(pairs.text(), ids, new float[ids.length], pairs.image(), new float[0]);
    return new StepBatch() {
      @Override
      public long step() {
        return tiny.step();
      }

      @Override
      public Draws draws(String purpose) {
        return tiny.draws(purpose);
      }

      @Override
      public PairBatch pairs() {
        return pairs;
      }

      @Override
      public ImageExamples images() {
        return tiny.images();
      }

      @Override
      public TextBatch texts(String stream) {
        return tiny.texts(stream);
      }

      @Override
      public LabeledExamples labeled(String labels) {
        return labeled;
      }

      @Override
      public <T> T shared(String key, Supplier<T> compute) {
        return tiny.shared(key, compute);
      }

      @Override
      public Tokenizer tokenizer() {
        return tiny.tokenizer();
      }
    };
  }
}
