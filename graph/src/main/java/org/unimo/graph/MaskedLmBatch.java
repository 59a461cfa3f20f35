package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.tensorflow.Session;

/**
 * A masked-LM batch: the masked input, and the positions, original ids and weights of the
 * predictions (padded to {@code maxPredictions} with weight 0).
 */
public record MaskedLmBatch(
    TextBatch input, int[] positions, int[] labels, float[] weights, int maxPredictions) {
  public MaskedLmBatch {
    requireNonNull(input, "input");
    int n = input.size() * maxPredictions;
    if (positions.length != n || labels.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          "a masked-LM batch of " + input.size() + " x " + maxPredictions + " needs that many predictions");
    }
  }

  /** Feeds the {@code mlm/*} inputs. */
  public Session.Runner feed(Session.Runner runner, Feeds owned) {
    int size = input.size();
    int length = input.maxLength();
    return runner
        .feed(Names.MLM_TOKEN_IDS, owned.add(Tensors.ints(input.tokenIds(), size, length)))
        .feed(Names.MLM_MASK, owned.add(Tensors.floats(input.mask(), size, length)))
        .feed(Names.MLM_POSITIONS, owned.add(Tensors.ints(positions, size, maxPredictions)))
        .feed(Names.MLM_LABELS, owned.add(Tensors.ints(labels, size, maxPredictions)))
        .feed(Names.MLM_WEIGHTS, owned.add(Tensors.floats(weights, size, maxPredictions)));
  }

  /**
   * Feeds the {@code pair_mlm/*} inputs: this batch masks the captions of the pair batch fed as
   * {@link Names#TEXT_TOKEN_IDS}, whose padding mask it shares.
   */
  public Session.Runner feedAsPairs(Session.Runner runner, Feeds owned) {
    int size = input.size();
    return runner
        .feed(Names.PAIR_MLM_TOKEN_IDS, owned.add(input.tokenIdsTensor()))
        .feed(Names.PAIR_MLM_POSITIONS, owned.add(Tensors.ints(positions, size, maxPredictions)))
        .feed(Names.PAIR_MLM_LABELS, owned.add(Tensors.ints(labels, size, maxPredictions)))
        .feed(Names.PAIR_MLM_WEIGHTS, owned.add(Tensors.floats(weights, size, maxPredictions)));
  }
}
