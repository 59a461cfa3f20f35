package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.PairBatch;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.SampleSetCounts;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.pipeline.CaptionRewriter;
import org.unimo.rewriting.pipeline.RewrittenCaption;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Every training pair's sample set, made by {@link CaptionRewriter} from the shapes world's
 * training captions (related images among the training scenes, by their regions' detected
 * classes; related texts from the text corpus), tokenized once; and the per-step draw that turns
 * a batch's sets into a {@link SampleSetBatch}.
 */
final class SampleSets implements PairBatch.SampleSetSource {
  /** The kinds in slot order within each role (see {@link SampleSetCounts}). */
  private static final List<SampleKind> POSITIVE_TEXTS =
      List.of(SampleKind.BACKTRANSLATION, SampleKind.PARAPHRASE, SampleKind.TEXT);
  private static final List<SampleKind> NEGATIVE_TEXTS =
      List.of(SampleKind.TFIDF, SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION);

  /** One pair's samples: token ids per text kind, training-scene indices for related images. */
  private record PairSet(Map<SampleKind, List<int[]>> texts, int[] images) {}

  private final CmclSamplesSpec declared;
  private final Tokenizer tokenizer;
  private final int textLength;
  private final SampleSetCounts counts;
  /** [scene][caption]. */
  private final PairSet[][] sets;
  private final List<ImageRegions> images;
  private final Map<SampleKind, Integer> produced = new EnumMap<>(SampleKind.class);

  private SampleSets(
      CmclSamplesSpec declared, PairSet[][] sets, List<ImageRegions> images, Tokenizer tokenizer, int textLength) {
    this.declared = declared;
    this.tokenizer = tokenizer;
    this.textLength = textLength;
    this.counts = SampleSetCounts.of(declared);
    this.sets = sets;
    this.images = images;
  }

  /**
   * Rewrites every training caption of {@code world} for the kinds {@code declared} asks for.
   *
   * @throws IllegalArgumentException for back-translations: the shapes world has no translation
   *     models
   */
  static SampleSets build(
      String path,
      CmclSamplesSpec declared,
      ShapesWorldData world,
      Tokenizer tokenizer,
      List<ImageRegions> images,
      long seed,
      int textLength) {
    if (declared.backtranslations() > 0) {
      throw new IllegalArgumentException(
          path + ".backtranslations: "
              + declared.backtranslations()
              + " needs translation models, which pre-training on the shapes world does not have;"
              + " use paraphrases, or rewrite captions with `unimo rewrite --backtranslate eng-spa` (apertium)"
              + " or `unimo rewrite --to-pivot DIR --from-pivot DIR`");
    }
    List<Caption> captions = new ArrayList<>();
    List<LabeledImage> labeled = new ArrayList<>();
    Map<String, Integer> sceneIndex = new HashMap<>();
    for (int s = 0; s < world.train().size(); s++) {
      Scene scene = world.train().get(s);
      sceneIndex.put(scene.id(), s);
      for (String caption : scene.captions()) {
        captions.add(new Caption(scene.id(), caption));
      }
      labeled.add(new LabeledImage(scene.id(), detectedClasses(scene, world.classNames())));
    }
    int sceneNegatives =
        Math.max(declared.objectNegatives(), Math.max(declared.attributeNegatives(), declared.relationNegatives()));
    CaptionRewriter rewriter =
        CaptionRewriter.builder()
            .paraphrases(declared.paraphrases())
            .sceneNegatives(sceneNegatives)
            .tfidfNegatives(declared.tfidfNegatives())
            .relatedImages(declared.relatedImages())
            .relatedTexts(declared.relatedTexts())
            .seed(seed)
            .build();
    PairSet[][] sets = new PairSet[world.train().size()][];
    for (int s = 0; s < sets.length; s++) {
      sets[s] = new PairSet[world.train().get(s).captions().size()];
    }
    int[] next = new int[sets.length];
    SampleSets result = new SampleSets(declared, sets, images, tokenizer, textLength);
    rewriter.rewrite(
        captions,
        labeled,
        world.textCorpus(),
        rewritten -> {
          int scene = sceneIndex.get(rewritten.caption().imageId());
          sets[scene][next[scene]++] = result.toPairSet(rewritten, tokenizer, sceneIndex);
        });
    return result;
  }

  /** The detector's most likely class of each region: the image's labels for related images. */
  private static List<String> detectedClasses(Scene scene, List<String> classNames) {
    List<String> labels = new ArrayList<>();
    for (float[] probs : scene.classProbs()) {
      int best = 0;
      for (int c = 1; c < probs.length; c++) {
        if (probs[c] > probs[best]) {
          best = c;
        }
      }
      labels.add(classNames.get(best));
    }
    return labels;
  }

  private PairSet toPairSet(RewrittenCaption rewritten, Tokenizer tokenizer, Map<String, Integer> sceneIndex) {
    Map<SampleKind, List<int[]>> texts = new EnumMap<>(SampleKind.class);
    List<Integer> related = new ArrayList<>();
    for (Sample sample : rewritten.samples()) {
      produced.merge(sample.kind(), 1, Integer::sum);
      if (sample.kind().isImage()) {
        related.add(sceneIndex.get(sample.value()));
      } else {
        texts.computeIfAbsent(sample.kind(), k -> new ArrayList<>()).add(tokenizer.encode(sample.value()));
      }
    }
    return new PairSet(texts, related.stream().mapToInt(Integer::intValue).toArray());
  }

  /** How many samples of each kind the rewriting produced over all pairs. */
  Map<SampleKind, Integer> produced() {
    return Map.copyOf(produced);
  }

  SampleSetCounts counts() {
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
      PairSet set = sets[scenes[b]][captions[b]];
      SplittableRandom random = draws.example(b);
      drawTexts(set, POSITIVE_TEXTS, positives, positiveValid, random);
      drawTexts(set, NEGATIVE_TEXTS, negatives, negativeValid, random);
      int[] chosen = choose(set.images().length, declared.relatedImages(), random);
      for (int k = 0; k < declared.relatedImages(); k++) {
        if (k < chosen.length) {
          related.add(images.get(set.images()[chosen[k]]));
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
    return java.util.Arrays.copyOf(order, n);
  }
}
