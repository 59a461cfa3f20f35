package org.unimo.graph.heads.generation;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.graph.Losses;
import org.unimo.graph.UnifiedEncoder;

/**
 * What the generation heads' inference graphs share: the {@code position} input and the next
 * token's log-probabilities there, through the shared LM head.
 */
final class DecodeStep {
  /** The step's input int32 [N]: the index of each row's last token. */
  static final String POSITION = "position";

  private DecodeStep() {}

  /** The {@code position} placeholder, int32 [N], under {@code scope}. */
  static Operand<TInt32> position(Ops scope) {
    return scope.withName(POSITION).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  }

  /** Log-softmax [N, V] of the LM head at each row's {@code position} of {@code sequence} [N, T, H], named {@code output}. */
  static Operand<TFloat32> logProbs(
      Ops scope, UnifiedEncoder encoder, int vocab, Operand<TFloat32> sequence, Operand<TInt32> position, String output) {
    Operand<TFloat32> last =
        scope.gather(sequence, scope.expandDims(position, scope.constant(1)), scope.constant(1), org.tensorflow.op.core.Gather.batchDims(1L));
    Operand<TFloat32> hidden = scope.reshape(last, scope.constant(new int[] {-1, encoder.hidden()}));
    return scope.withName(output).nn.logSoftmax(Losses.lmLogits(scope, encoder, vocab, hidden));
  }
}
