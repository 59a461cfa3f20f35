package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** UniLM's three attention masks, from padding and segments. 1 = may attend, 0 = may not. */
class AttentionMaskTest {
  private static int[][] allowed(float[] mask, float[] segment) {
    int n = mask.length;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> bias =
          UnifiedEncoder.segmentBias(
              tf,
              tf.constant(Shape.of(1, n), DataBuffers.of(mask, true, false)),
              tf.constant(Shape.of(1, n), DataBuffers.of(segment, true, false)),
              n);
      try (Session s = new Session(g); Result r = s.runner().fetch(bias).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        assertThat(t.shape()).isEqualTo(Shape.of(1, 1, n, n));
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            float v = t.getFloat(0, 0, i, j) + 0f; // -0.0 + 0.0 is 0.0
            assertThat(v).isIn(0f, -10000f);
            out[i][j] = v == 0f ? 1 : 0;
          }
        }
        return out;
      }
    }
  }

  @Test
  void bidirectionalLetsEveryTokenSeeEveryRealToken() {
    assertThat(allowed(new float[] {1, 1, 1, 0}, new float[] {0, 0, 0, 0}))
        .isDeepEqualTo(new int[][] {{1, 1, 1, 0}, {1, 1, 1, 0}, {1, 1, 1, 0}, {1, 1, 1, 0}});
  }

  @Test
  void leftToRightLetsATokenSeeItselfAndWhatCameBefore() {
    assertThat(allowed(new float[] {1, 1, 1, 0}, new float[] {1, 1, 1, 1}))
        .isDeepEqualTo(new int[][] {{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 0}});
  }

  @Test
  void seq2seqSourceIsBidirectionalAndTargetCausal() {
    // Source: positions 0-1; target: 2-3; position 4 is padding.
    assertThat(allowed(new float[] {1, 1, 1, 1, 0}, new float[] {0, 0, 1, 1, 1}))
        .isDeepEqualTo(
            new int[][] {
              {1, 1, 0, 0, 0},
              {1, 1, 0, 0, 0},
              {1, 1, 1, 0, 0},
              {1, 1, 1, 1, 0},
              {1, 1, 1, 1, 0},
            });
  }
}
