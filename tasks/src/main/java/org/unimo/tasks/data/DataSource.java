package org.unimo.tasks.data;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Optional;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Where training examples come from: the three kinds of data UNIMO learns from, and labeled texts
 * for heads, each addressed by index.
 *
 * <p>A source only answers "example {@code i} of kind K". Which index a step reads is decided
 * outside it, by the trainer's batching: a keyed permutation of (seed, stream, epoch) maps each
 * position of an epoch to an index, and a stream's cursor counts the batches it handed out. So a
 * source can be streamed from disk (it serves an index from an offset table), a resumed run
 * continues exactly (the cursor is in the checkpoint), and a worker that assembles one slice of a
 * global batch reads only its slice's indices. The shapes world is one source ({@link
 * ShapesWorldSource}); file formats are others.
 */
public interface DataSource {
  /** A short description for logs, e.g. {@code shapes world (4000 pairs, ...)}. */
  String describe();

  /** How many texts the corpus holds (free text, for the text objectives). */
  int texts();

  /** Text {@code index} of the corpus. */
  String text(int index);

  /**
   * The texts a byte-level BPE is trained on when the run brings no tokenizer: the first {@code
   * limit} texts of the corpus by default.
   */
  default List<String> tokenizerCorpus(int limit) {
    int count = Math.min(texts(), limit);
    List<String> corpus = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      corpus.add(text(i));
    }
    return corpus;
  }

  /** How many images with captions the source holds. */
  int pairs();

  /** Image {@code index} and its captions (at least one). */
  PairExample pair(int index);

  /** How many images without text the source holds. */
  int images();

  /** Image without text {@code index}, with its detector's class distributions. */
  ImageExample image(int index);

  /**
   * Images with captions kept out of training, for retrieval evaluation (each image's first
   * caption is its query); empty when the source has none.
   */
  default List<PairExample> heldout() {
    return List.of();
  }

  /** The label set {@code name} (texts with class labels, for a head), if the source has it; none by default. */
  default Optional<LabelSet> labels(String name) {
    return Optional.empty();
  }

  /** The names of the label sets the source has, for error messages. */
  default List<String> labelSets() {
    return List.of();
  }

  /** Size of a region feature vector. */
  int featureSize();

  /** Number of detector classes of {@link ImageExample#classProbs()}. */
  int detectorClasses();

  /**
   * Prepares what an objective requires beyond plain examples, e.g. the sample sets of every pair.
   *
   * @throws IllegalArgumentException if this source cannot provide it, saying why
   */
  PairBatch.SampleSetSource sampleSets(
      DataRequirement.SampleSets requirement, Tokenizer tokenizer, int textLength, long seed);

  /** An image and its captions. */
  record PairExample(ImageRegions image, List<String> captions) {}

  /** An image without text and its detector's class distribution per region ([regions][classes]). */
  record ImageExample(ImageRegions image, float[][] classProbs) {}

  /**
   * Labelled examples for a head: texts (or text pairs) with a class, a score or soft targets over
   * the classes each, and with an image each for a task with images.
   */
  interface LabelSet {
    int size();

    String text(int index);

    /**
     * The second text of pair {@code index} (a premise's hypothesis), or null for a single text.
     * A pair is encoded as {@code [CLS] text [SEP] second [SEP]}.
     */
    default @Nullable String second(int index) {
      return null;
    }

    /** The class of text {@code index}, in {@code 0 .. classes() - 1} (0 in a scored set). */
    int label(int index);

    /** The score of text {@code index} in a scored set (no classes: a regression task), else 0. */
    default float score(int index) {
      return 0f;
    }

    /** The number of classes; 0 for a scored set. */
    int classes();

    /** Whether every example comes with an image ({@link #image}). */
    default boolean images() {
      return false;
    }

    /** The image of example {@code index}, when the set {@linkplain #images() has images}. */
    default ImageRegions image(int index) {
      throw new UnsupportedOperationException("label set without images");
    }

    /**
     * Whether the examples carry soft targets over the classes ({@link #targets}: VQA's score of
     * each answer) rather than one class each.
     */
    default boolean softTargets() {
      return false;
    }

    /** The soft target of each class for example {@code index}, when the set {@linkplain #softTargets() has them}. */
    default float[] targets(int index) {
      throw new UnsupportedOperationException("label set without soft targets");
    }

    /**
     * Whether each example is a source ({@link #text}, with {@link #second}) and a {@link #target}
     * text to generate from it, encoded {@code [CLS] source [SEP] target [SEP]} ({@link
     * org.unimo.graph.TextBatch#sourceTarget}).
     */
    default boolean sourceTarget() {
      return false;
    }

    /** The target text of example {@code index} in a {@linkplain #sourceTarget() source-target set}, else null. */
    default @Nullable String target(int index) {
      return null;
    }
  }
}
