package org.unimo.tasks.finetune;

import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ImageSpec;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.TextBatch;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.training.TrainingRun;

/**
 * A head as {@link Validation} scores it, from a run's live weights (during fine-tuning) or from a
 * SavedModel ({@code unimo eval}): both read the same inputs, so the two score alike.
 *
 * <pre>{@code
 * Validation.Score score = Validation.evaluate(0, task, task.validation(), HeadModels.exported(predictor, "vqa"));
 * }</pre>
 */
public final class HeadModels {
  private HeadModels() {}

  /** Head {@code head} of the run's current weights. */
  public static Validation.HeadModel live(TrainingRun run, String head) {
    return new Validation.HeadModel() {
      @Override
      public float[][] predict(List<String> texts, List<@Nullable String> seconds) {
        return run.predict(head, texts, seconds);
      }

      @Override
      public float[][] predictWithImages(List<String> texts, List<ImageRegions> images) {
        return run.predict(head, texts, images);
      }

      @Override
      public float[][] embedTexts(List<String> texts) {
        return run.embedder().embedTexts(TextBatch.encode(run.tokenizer(), texts, run.spec().text().maxLength()));
      }

      @Override
      public float[][] embedImages(List<ImageRegions> images) {
        ImageSpec image = run.spec().image().orElseThrow(() -> new IllegalStateException("the spec declares no image input"));
        return run.embedder().embedImages(ImageBatch.of(images, image));
      }
    };
  }

  /**
   * Head {@code head} of an exported model; with a null head, only its embeddings (what retrieval
   * is scored with: a model without heads is scored zero-shot).
   */
  public static Validation.HeadModel exported(Predictor model, @Nullable String head) {
    return new Validation.HeadModel() {
      @Override
      public float[][] predict(List<String> texts, List<@Nullable String> seconds) {
        return model.predict(requireHead(), texts, seconds, null);
      }

      @Override
      public float[][] predictWithImages(List<String> texts, List<ImageRegions> images) {
        return model.predict(requireHead(), texts, Collections.nCopies(texts.size(), null), images);
      }

      private String requireHead() {
        if (head == null) {
          throw new IllegalStateException("no head given: only the embeddings can be scored");
        }
        return head;
      }

      @Override
      public float[][] embedTexts(List<String> texts) {
        return model.embedTexts(texts);
      }

      @Override
      public float[][] embedImages(List<ImageRegions> images) {
        return model.embedImages(images);
      }
    };
  }
}
