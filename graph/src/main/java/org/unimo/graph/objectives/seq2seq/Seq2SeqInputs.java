package org.unimo.graph.objectives.seq2seq;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;

/**
 * The inputs of a text under UniLM's seq2seq mask, [B, T] each: {@code token_ids} and {@code mask}
 * ({@link TextInputs}) and {@code segment} (0 source, 1 target), as the seq2seq objective and the
 * text-to-text head take them.
 */
public record Seq2SeqInputs(TextInputs text, Operand<TFloat32> segment) {
  /** Placeholders {@code token_ids}, {@code mask} and {@code segment} under {@code scope}. */
  public static Seq2SeqInputs placeholders(Ops scope, int length) {
    return new Seq2SeqInputs(
        TextInputs.placeholders(scope, length),
        scope.withName("segment").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, length))));
  }

  /** The text through the encoder under {@link UnifiedEncoder#segmentBias}: [B, T, H]. */
  public Operand<TFloat32> encode(Ops scope, UnifiedEncoder encoder, boolean training) {
    int length = encoder.textLength();
    Operand<TFloat32> embedded = encoder.embedText(scope, text.tokenIds(), length, training);
    return encoder.encode(
        scope.withSubScope("encoder"), embedded, UnifiedEncoder.segmentBias(scope, text.mask(), segment, length), length, training);
  }

  /** Feeds the split texts of {@code batch}. */
  public void feed(Seq2SeqBatch batch, StepFeeds feeds) {
    text.feed(batch.input(), feeds);
    feeds.feed(segment, Tensors.floats(batch.segment(), batch.input().size(), batch.input().maxLength()));
  }
}
