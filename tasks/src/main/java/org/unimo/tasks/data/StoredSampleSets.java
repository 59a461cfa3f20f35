package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.SampleSetCounts;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.Draws;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * The per-step draw of CMCL sample sets, whatever stores them: the generated shapes world keeps
 * every pair's set in memory ({@link SampleSets}), a prepared directory reads them with the pair's
 * record. Both draw alike, so the same sets give the same batches.
 */
public abstract class StoredSampleSets implements PairBatch.SampleSetSource {
  /** The kinds in slot order within each role (see {@link SampleSetCounts}). */
  private static final List<SampleKind> POSITIVE_TEXTS =
      List.of(SampleKind.BACKTRANSLATION, SampleKind.PARAPHRASE, SampleKind.TEXT);
  private static final List<SampleKind> NEGATIVE_TEXTS =
      List.of(SampleKind.TFIDF, SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION);

  /**
   * One caption's samples: token ids per text kind, and related images as pair indices.
   */
  public record PairSet(Map<SampleKind, List<int[]>> texts, int[] images) {}

  private final CmclSamplesSpec declared;
  private final Tokenizer tokenizer;
  private final int textLength;
  private final SampleSetCounts counts;

  protected StoredSampleSets(CmclSamplesSpec declared, Tokenizer tokenizer, int textLength) {
    this.declared = declared;
    this.tokenizer = tokenizer;
    this.textLength = textLength;
    this.counts = SampleSetCounts.of(declared);
  }

  /** The samples of caption {@code caption} of pair {@code pair}. */
  protected abstract PairSet set(int pair, int caption);

  /** The image of pair {@code pair}, for a related-image sample. */
  protected abstract ImageRegions image(int pair);

  public SampleSetCounts counts() {
    return counts;
  }

  /**
   * The step's samples for the pairs (scene {@code ids[i]}, caption {@code captions[i]}): per kind, the
   * declared count drawn at random without replacement from what the pair has; slots left over
   * are invalid.
   */
  @Override
  public SampleSetBatch draw(PairBatch batch, Draws draws) {
    int[] scenes = batch.ids();
    int[] captions = batch.captions();
    int pairs = scenes.length;
    int maxRegions = batch.image().maxRegions();
    int featureSize = batch.image().featureSize();
    int boxSize = batch.image().boxSize();
    List<int[]> positives = new ArrayList<>();
    List<int[]> negatives = new ArrayList<>();
    List<ImageRegions> related = new ArrayList<>();
    float[] positiveValid = new float[pairs * counts.positiveTexts()];
    float[] negativeValid = new float[pairs * counts.negativeTexts()];
    float[] imageValid = new float[pairs * counts.relatedImages()];
    for (int b = 0; b < pairs; b++) {
      PairSet set = set(scenes[b], captions[b]);
      SplittableRandom random = draws.example(b);
      drawTexts(set, POSITIVE_TEXTS, positives, positiveValid, random);
      drawTexts(set, NEGATIVE_TEXTS, negatives, negativeValid, random);
      int[] chosen = choose(set.images().length, declared.relatedImages(), random);
      for (int k = 0; k < declared.relatedImages(); k++) {
        if (k < chosen.length) {
          related.add(image(set.images()[chosen[k]]));
          imageValid[related.size() - 1] = 1f;
        } else {
          related.add(new ImageRegions(new float[0][], new float[0][]));
        }
      }
    }
    return new SampleSetBatch(
        pairs,
        counts,
        counts.positiveTexts() == 0 ? null : TextBatch.of(positives.toArray(int[][]::new), textLength, tokenizer.specials()),
        positiveValid,
        counts.relatedImages() == 0 ? null : ImageBatch.of(related, maxRegions, featureSize, boxSize),
        imageValid,
        counts.negativeTexts() == 0 ? null : TextBatch.of(negatives.toArray(int[][]::new), textLength, tokenizer.specials()),
        negativeValid);
  }

  private void drawTexts(PairSet set, List<SampleKind> kinds, List<int[]> out, float[] valid, SplittableRandom random) {
    for (SampleKind kind : kinds) {
      List<int[]> available = set.texts().getOrDefault(kind, List.of());
      int wanted = declaredCount(kind);
      int[] chosen = choose(available.size(), wanted, random);
      for (int k = 0; k < wanted; k++) {
        if (k < chosen.length) {
          out.add(available.get(chosen[k]));
          valid[out.size() - 1] = 1f;
        } else {
          out.add(new int[0]);
        }
      }
    }
  }

  private int declaredCount(SampleKind kind) {
    return switch (kind) {
      case BACKTRANSLATION -> declared.backtranslations();
      case PARAPHRASE -> declared.paraphrases();
      case TEXT -> declared.relatedTexts();
      case IMAGE -> declared.relatedImages();
      case TFIDF -> declared.tfidfNegatives();
      case OBJECT -> declared.objectNegatives();
      case ATTRIBUTE -> declared.attributeNegatives();
      case RELATION -> declared.relationNegatives();
    };
  }

  /** Up to {@code wanted} distinct indices below {@code available}, in random order. */
  private static int[] choose(int available, int wanted, SplittableRandom random) {
    if (wanted == 0 || available == 0) {
      return new int[0];
    }
    int[] order = new int[available];
    for (int i = 0; i < available; i++) {
      order[i] = i;
    }
    int n = Math.min(wanted, available);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(available - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return Arrays.copyOf(order, n);
  }
}
