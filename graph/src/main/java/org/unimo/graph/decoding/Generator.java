package org.unimo.graph.decoding;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Tensor;
import org.unimo.dsl.CaptioningSpec;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;
import org.unimo.dsl.HeadSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.Feeds;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Tensors;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.SpecialIds;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Generates texts with a generation head's {@code decode_HEAD} step, wherever it runs (the live
 * training graph, or an exported SavedModel): it lays each hypothesis out as the step's inputs,
 * runs up to {@value #ROWS_PER_CALL} rows a call, and lets {@link BeamSearch} choose the tokens.
 * The step recomputes the whole sequence each time (no cached keys and values): a text of n tokens
 * costs n passes.
 *
 * <p>The step's inputs (docs/generation.md), for a captioning head: {@code text_token_ids} int32
 * [N, T] ({@code [CLS]} and the caption so far, padded with 0), {@code text_mask} float32 [N, T],
 * {@code image_features}, {@code image_boxes}, {@code image_mask} as {@code score} takes them, and
 * {@code position} int32 [N], the index of the last token; for a text-to-text head: {@code
 * token_ids} ({@code [CLS] source [SEP]} and the target so far), {@code mask}, {@code segment}
 * float32 [N, T] (1 from the target's first token on) and {@code position}. Its output {@code
 * log_probs} float32 [N, V] is the next token's log-softmax at {@code position}.
 *
 * <pre>{@code
 * Generator generator = Generator.of(head, spec, tokenizer, step);
 * List<Generated> captions = generator.fromImages(images, head.decoding());
 * }</pre>
 */
public final class Generator {
  /** The most hypotheses laid out in one call of the step. */
  public static final int ROWS_PER_CALL = 64;

  /** Runs a head's decode step: its inputs by signature key to its {@code log_probs} [N, V]. */
  @FunctionalInterface
  public interface Step {
    float[][] run(Map<String, Tensor> inputs);
  }

  private final Step step;
  private final int length;
  private final SpecialIds specials;
  private final int vocabulary;
  private final @Nullable ImageSpec image;

  private Generator(Step step, int length, SpecialIds specials, int vocabulary, @Nullable ImageSpec image) {
    this.step = requireNonNull(step, "step");
    this.length = length;
    this.specials = specials;
    this.vocabulary = vocabulary;
    this.image = image;
  }

  /**
   * A generator for {@code head} of a model of {@code spec} whose texts {@code tokenizer} encodes
   * (its special ids, and its size: ids it does not have are never generated).
   */
  public static Generator of(GenerationHeadSpec head, ModelSpec spec, Tokenizer tokenizer, Step step) {
    ImageSpec image = null;
    if (head instanceof CaptioningSpec) {
      image = spec.image().orElseThrow(() -> new IllegalArgumentException(head.path() + ": the model has no image input"));
    }
    return new Generator(step, spec.text().maxLength(), tokenizer.specials(), tokenizer.vocabSize(), image);
  }

  /**
   * Generation head {@code name} of {@code spec}.
   *
   * @throws IllegalArgumentException if the spec has no head of that name, or it does not generate
   */
  public static GenerationHeadSpec head(ModelSpec spec, String name) {
    HeadSpec head =
        spec.heads().stream()
            .filter(h -> h.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + name + "'"));
    if (!(head instanceof GenerationHeadSpec generation)) {
      throw new IllegalArgumentException("head " + name + " does not generate text: it is not a captioning or text_to_text head");
    }
    return generation;
  }

  /**
   * What {@code head} of a model of {@code spec} generates through {@code step} (see {@link
   * #generate(Tokenizer, List, List, List, DecodingSpec)}), decoded with {@code settings} or, when
   * null, the head's own.
   */
  public static List<String> generate(
      GenerationHeadSpec head,
      ModelSpec spec,
      Tokenizer tokenizer,
      Step step,
      List<String> texts,
      List<? extends @Nullable String> seconds,
      @Nullable List<ImageRegions> images,
      @Nullable DecodingSpec settings) {
    return of(head, spec, tokenizer, step).generate(tokenizer, texts, seconds, images, settings == null ? head.decoding() : settings);
  }

  /**
   * Generated texts: captions of {@code images} for a captioning head ({@code texts} empty), or
   * targets of the source texts (pairs where {@code seconds} has non-null entries) for a
   * text-to-text head ({@code images} null), decoded by {@code tokenizer}.
   *
   * @throws IllegalArgumentException if the head takes images and none are given, or the reverse
   */
  public List<String> generate(
      Tokenizer tokenizer,
      List<String> texts,
      List<? extends @Nullable String> seconds,
      @Nullable List<ImageRegions> images,
      DecodingSpec settings) {
    if (captions()) {
      if (images == null) {
        throw new IllegalArgumentException("this head captions images, and none were given");
      }
      return texts(tokenizer, fromImages(images, settings));
    }
    if (images != null) {
      throw new IllegalArgumentException("this head reads a source text, and images were given");
    }
    return texts(tokenizer, fromTexts(sources(tokenizer, texts, seconds), settings));
  }

  /** Whether the head captions images (else it reads a source text). */
  public boolean captions() {
    return image != null;
  }

  /** The subwords a source of {@code sourceLength} keeps, leaving room for {@code settings}' target. */
  public int sourceKept(int sourceLength, DecodingSpec settings) {
    return TextBatch.sourceKept(sourceLength, length, settings.maxLength());
  }

  /** Captions of {@code images}. */
  public List<Generated> fromImages(List<ImageRegions> images, DecodingSpec settings) {
    if (image == null) {
      throw new IllegalStateException("this head reads a source text, not an image");
    }
    int[] room = new int[images.size()];
    Arrays.fill(room, length - 2);
    ImageSpec config = image;
    StepScorer scorer =
        (inputs, prefixes) -> {
          List<ImageRegions> rows = new ArrayList<>();
          for (int input : inputs) {
            rows.add(images.get(input));
          }
          return run(prefixes.size(), (from, count, feeds) -> {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            int[] ids = new int[count * length];
            float[] mask = new float[count * length];
            int[] position = new int[count];
            for (int r = 0; r < count; r++) {
              int[] prefix = prefixes.get(from + r);
              ids[r * length] = specials.cls();
              System.arraycopy(prefix, 0, ids, r * length + 1, prefix.length);
              Arrays.fill(mask, r * length, r * length + prefix.length + 1, 1f);
              position[r] = prefix.length;
            }
            ImageBatch batch = ImageBatch.of(rows.subList(from, from + count), config);
            tensors.put("text_token_ids", feeds.add(Tensors.ints(ids, count, length)));
            tensors.put("text_mask", feeds.add(Tensors.floats(mask, count, length)));
            tensors.put("image_features", feeds.add(batch.featuresTensor()));
            tensors.put("image_boxes", feeds.add(batch.boxesTensor()));
            tensors.put("image_mask", feeds.add(batch.maskTensor()));
            tensors.put("position", feeds.add(Tensors.ints(position, count)));
            return tensors;
          });
        };
    return search(settings).decode(scorer, room);
  }

  /**
   * Targets of source texts, each given as subwords without [CLS] and [SEP] (a pair joined by
   * [SEP], {@link TextBatch#joined}); a source is cut to {@link #sourceKept}.
   */
  public List<Generated> fromTexts(List<int[]> sources, DecodingSpec settings) {
    if (image != null) {
      throw new IllegalStateException("this head captions images, and reads no source text");
    }
    int[][] kept = new int[sources.size()][];
    int[] room = new int[sources.size()];
    for (int i = 0; i < kept.length; i++) {
      int[] source = sources.get(i);
      kept[i] = Arrays.copyOf(source, sourceKept(source.length, settings));
      room[i] = length - 3 - kept[i].length;
    }
    StepScorer scorer =
        (inputs, prefixes) -> run(prefixes.size(), (from, count, feeds) -> {
          int[] ids = new int[count * length];
          float[] mask = new float[count * length];
          float[] segment = new float[count * length];
          int[] position = new int[count];
          for (int r = 0; r < count; r++) {
            int[] source = kept[inputs[from + r]];
            int[] prefix = prefixes.get(from + r);
            int at = r * length;
            ids[at] = specials.cls();
            System.arraycopy(source, 0, ids, at + 1, source.length);
            ids[at + source.length + 1] = specials.sep();
            int firstTarget = source.length + 2;
            System.arraycopy(prefix, 0, ids, at + firstTarget, prefix.length);
            int used = firstTarget + prefix.length;
            Arrays.fill(mask, at, at + used, 1f);
            Arrays.fill(segment, at + firstTarget, at + length, 1f);
            position[r] = used - 1;
          }
          Map<String, Tensor> tensors = new LinkedHashMap<>();
          tensors.put("token_ids", feeds.add(Tensors.ints(ids, count, length)));
          tensors.put("mask", feeds.add(Tensors.floats(mask, count, length)));
          tensors.put("segment", feeds.add(Tensors.floats(segment, count, length)));
          tensors.put("position", feeds.add(Tensors.ints(position, count)));
          return tensors;
        });
    return search(settings).decode(scorer, room);
  }

  /**
   * Source texts as {@link #fromTexts} takes them: each text's subwords, a pair's joined by [SEP]
   * (a null second: the first text alone).
   */
  public static List<int[]> sources(Tokenizer tokenizer, List<String> texts, List<? extends @Nullable String> seconds) {
    if (texts.size() != seconds.size()) {
      throw new IllegalArgumentException(texts.size() + " texts and " + seconds.size() + " second texts");
    }
    List<int[]> sources = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      int[] first = tokenizer.encode(texts.get(i));
      String second = seconds.get(i);
      sources.add(second == null ? first : TextBatch.joined(first, tokenizer.encode(second), tokenizer.specials()));
    }
    return sources;
  }

  /** The texts of {@code generated}, decoded by {@code tokenizer}. */
  public static List<String> texts(Tokenizer tokenizer, List<Generated> generated) {
    return generated.stream().map(g -> tokenizer.decode(g.tokens()).strip()).toList();
  }

  /** Lays out rows {@code from .. from + count - 1} as the step's inputs, their tensors owned by {@code feeds}. */
  private interface Layout {
    Map<String, Tensor> inputs(int from, int count, Feeds feeds);
  }

  private float[][] run(int rows, Layout layout) {
    float[][] logProbs = new float[rows][];
    for (int from = 0; from < rows; from += ROWS_PER_CALL) {
      int count = Math.min(ROWS_PER_CALL, rows - from);
      try (Feeds feeds = new Feeds()) {
        float[][] part = step.run(layout.inputs(from, count, feeds));
        if (part.length != count) {
          throw new IllegalStateException("the decode step returned " + part.length + " rows for " + count);
        }
        System.arraycopy(part, 0, logProbs, from, count);
      }
    }
    return logProbs;
  }

  private BeamSearch search(DecodingSpec settings) {
    return new BeamSearch(settings, specials.sep(), specials.all(), vocabulary);
  }
}
