package org.unimo.savedmodels;

import org.unimo.dsl.DataKind;
import org.unimo.dsl.HeadSpec;

import org.tensorflow.Graph;
import org.tensorflow.Signature;
import org.unimo.graph.Names;

/**
 * The exported signatures. Inputs use B for the batch, T for the spec's {@code text.max_length},
 * R for {@code image.max_regions}, F for {@code image.feature_size}, H for {@code encoder.hidden}.
 *
 * <ul>
 *   <li>{@code embed_text}: {@code token_ids} int32 [B, T] ({@code [CLS] w1 ... wn [SEP]},
 *       padded with 0) and {@code mask} float32 [B, T] (1 for tokens, 0 for padding) to {@code
 *       embedding} float32 [B, H], L2-normalized.
 *   <li>{@code embed_image}: {@code features} float32 [B, R, F], {@code boxes} float32 [B, R, 5]
 *       (x1, y1, x2, y2, area, normalized to the image) and {@code mask} float32 [B, R] to {@code
 *       embedding} float32 [B, H], L2-normalized.
 *   <li>{@code score}: all five inputs, named {@code text_token_ids}, {@code text_mask}, {@code
 *       image_features}, {@code image_boxes}, {@code image_mask}, to {@code scores} float32
 *       [B_text, B_image], the cosine similarity of every text with every image.
 *   <li>{@code classify_HEAD}, one per sequence classification head: {@code token_ids} and {@code
 *       mask} as for {@code embed_text}, to {@code probabilities} float32 [B, C] and {@code label}
 *       int64 [B].
 *   <li>{@code regress_HEAD}, one per sequence regression head: {@code token_ids} and {@code mask}
 *       to {@code value} float32 [B, 1].
 *   <li>{@code classify_HEAD}, one per image-text classification head (visual entailment): the
 *       inputs of {@code score}, one image per text ({@code B_text = B_image}), to {@code
 *       probabilities} float32 [B, C] and {@code label} int64 [B].
 *   <li>{@code answer_HEAD}, one per VQA head: the inputs of {@code score}, one image per
 *       question, to {@code scores} float32 [B, A] (each answer's sigmoid) and {@code answer} int64
 *       [B] (the top answer's index; the answers are listed in {@code
 *       assets.extra/classes/HEAD.txt}).
 *   <li>{@code retrieve_HEAD}, one per retrieval head: the inputs and output of {@code score}.
 *   <li>{@code decode_HEAD}, one per generation head: one decoding step, the next token's {@code
 *       log_probs} float32 [B, V] at {@code position} int32 [B] (each row's last token). A
 *       captioning head takes the inputs of {@code score} (one image per row; the text is {@code
 *       [CLS]} and the caption so far), a text-to-text head {@code token_ids}, {@code mask} and
 *       {@code segment} float32 [B, T] ({@code [CLS] source [SEP]} and the target so far, segment 1
 *       from the target's first position on). The loop around it, greedy or beam search, is the
 *       caller's: {@link Predictor#generate} runs it, and docs/generation.md spells it out.
 * </ul>
 */
public final class Signatures {
  public static final String EMBED_TEXT = "embed_text";
  public static final String EMBED_IMAGE = "embed_image";
  public static final String SCORE = "score";

  private Signatures() {}

  /** The signature key of classification head {@code head}: {@code classify_HEAD}. */
  public static String classify(String head) {
    return "classify_" + head;
  }

  /** The signature key of regression head {@code head}: {@code regress_HEAD}. */
  public static String regress(String head) {
    return "regress_" + head;
  }

  /**
   * How a head is served: its signature's key, the output callers read, and whether it takes an
   * image with each text (the inputs of {@code score}) or texts alone (those of {@code embed_text}).
   */
  public record Head(String key, String output, boolean images) {}

  /** The signature of {@code head}, as its spec names it ({@link HeadSpec#signature()}, {@link HeadSpec#output()}). */
  public static Head of(HeadSpec head) {
    return new Head(head.signature(), head.output(), head.data() == DataKind.PAIR);
  }

  /** Every signature of {@code model}'s inference graph. */
  static java.util.List<Signature> of(org.unimo.graph.CompiledModel model) {
    java.util.List<Signature> signatures = new java.util.ArrayList<>();
    Graph graph = model.graph();
    signatures.add(embedText(graph));
    if (model.inference().imageEmbedding() != null) {
      signatures.add(embedImage(graph));
      signatures.add(score(graph));
    }
    for (HeadSpec head : model.spec().heads()) {
      org.unimo.graph.objective.Head.Prediction prediction = model.inference().heads().get(head.name());
      Signature.Builder builder = Signature.builder().key(head.signature()).methodName("tensorflow/serving/predict");
      prediction.inputs().forEach((key, input) -> builder.input(key, input));
      prediction.outputs().forEach((key, output) -> builder.output(key, output));
      signatures.add(builder.build());
    }
    return signatures;
  }

  static Signature embedText(Graph graph) {
    return Signature.builder()
        .key(EMBED_TEXT)
        .methodName("tensorflow/serving/predict")
        .input("token_ids", graph.outputOrThrow(Names.TEXT_TOKEN_IDS))
        .input("mask", graph.outputOrThrow(Names.TEXT_MASK))
        .output("embedding", graph.outputOrThrow(Names.TEXT_EMBEDDING))
        .build();
  }

  static Signature embedImage(Graph graph) {
    return Signature.builder()
        .key(EMBED_IMAGE)
        .methodName("tensorflow/serving/predict")
        .input("features", graph.outputOrThrow(Names.IMAGE_FEATURES))
        .input("boxes", graph.outputOrThrow(Names.IMAGE_BOXES))
        .input("mask", graph.outputOrThrow(Names.IMAGE_MASK))
        .output("embedding", graph.outputOrThrow(Names.IMAGE_EMBEDDING))
        .build();
  }

  static Signature score(Graph graph) {
    return Signature.builder()
        .key(SCORE)
        .methodName("tensorflow/serving/predict")
        .input("text_token_ids", graph.outputOrThrow(Names.TEXT_TOKEN_IDS))
        .input("text_mask", graph.outputOrThrow(Names.TEXT_MASK))
        .input("image_features", graph.outputOrThrow(Names.IMAGE_FEATURES))
        .input("image_boxes", graph.outputOrThrow(Names.IMAGE_BOXES))
        .input("image_mask", graph.outputOrThrow(Names.IMAGE_MASK))
        .output("scores", graph.outputOrThrow(Names.SCORES))
        .build();
  }
}
