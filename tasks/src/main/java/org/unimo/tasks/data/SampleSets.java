package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.ImageRegions;
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
public final class SampleSets extends StoredSampleSets {
  /** [scene][caption]. */
  private final PairSet[][] sets;
  private final List<ImageRegions> images;
  private final Map<SampleKind, Integer> produced = new EnumMap<>(SampleKind.class);

  private SampleSets(
      CmclSamplesSpec declared, PairSet[][] sets, List<ImageRegions> images, Tokenizer tokenizer, int textLength) {
    super(declared, tokenizer, textLength);
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
      labeled.add(new LabeledImage(scene.id(), detectedClasses(scene.classProbs(), world.classNames())));
    }
    CaptionRewriter rewriter = rewriter(declared, seed).build();
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

  /**
   * A rewriter that makes what {@code declared} asks for (the most of object, attribute and
   * relation rewrites each), seeded; the caller adds a back-translator, threads or progress.
   */
  public static CaptionRewriter.Builder rewriter(CmclSamplesSpec declared, long seed) {
    int sceneNegatives =
        Math.max(declared.objectNegatives(), Math.max(declared.attributeNegatives(), declared.relationNegatives()));
    return CaptionRewriter.builder()
        .paraphrases(declared.paraphrases())
        .sceneNegatives(sceneNegatives)
        .tfidfNegatives(declared.tfidfNegatives())
        .relatedImages(declared.relatedImages())
        .relatedTexts(declared.relatedTexts())
        .seed(seed);
  }

  /** The detector's most likely class of each region ([regions][classes]): an image's labels for related images. */
  public static List<String> detectedClasses(float[][] classProbs, List<String> classNames) {
    List<String> labels = new ArrayList<>();
    for (float[] probs : classProbs) {
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


  @Override
  protected PairSet set(int pair, int caption) {
    return sets[pair][caption];
  }

  @Override
  protected ImageRegions image(int pair) {
    return images.get(pair);
  }
}
