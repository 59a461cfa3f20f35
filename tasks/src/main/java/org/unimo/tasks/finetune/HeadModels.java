package org.unimo.tasks.finetune;

import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
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

  /** Whether head {@code head} of {@code spec} generates text. */
  private static boolean isGeneration(ModelSpec spec, String head) {
    return spec.heads().stream().anyMatch(h -> h.name().equals(head) && h instanceof GenerationHeadSpec);
  }

  /** Head {@code head} of the run's current weights; a generation head decodes with its own settings. */
  public static Validation.HeadModel live(TrainingRun run, String head) {
    return live(run, head, null);
  }

  /** Head {@code head} of the run's current weights; a generation head decodes with {@code settings} (null: its own). */
  public static Validation.HeadModel live(TrainingRun run, String head, @Nullable DecodingSpec settings) {
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

      @Override
      public boolean generates() {
        return isGeneration(run.spec(), head);
      }

      @Override
      public List<String> generate(List<String> texts, List<@Nullable String> seconds, @Nullable List<ImageRegions> images) {
        return run.generate(head, texts, seconds, images, settings);
      }
    };
  }

  /**
   * Head {@code head} of an exported model; with a null head, only its embeddings (what retrieval
   * is scored with: a model without heads is scored zero-shot).
   */
  public static Validation.HeadModel exported(Predictor model, @Nullable String head) {
    return exported(model, head, null);
  }

  /** As {@link #exported(Predictor, String)}; a generation head decodes with {@code settings} (null: its own). */
  public static Validation.HeadModel exported(Predictor model, @Nullable String head, @Nullable DecodingSpec settings) {
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

      @Override
      public boolean generates() {
        return head != null && isGeneration(model.spec(), head);
      }

      @Override
      public List<String> generate(List<String> texts, List<@Nullable String> seconds, @Nullable List<ImageRegions> images) {
        return model.generate(requireHead(), texts, seconds, images, settings);
      }
    };
  }
}
