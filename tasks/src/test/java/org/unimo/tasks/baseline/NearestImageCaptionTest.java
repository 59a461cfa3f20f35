package org.unimo.tasks.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Nearest-neighbour captioning on hand-made vectors and captions. */
class NearestImageCaptionTest {
  /** Three images of a "red" corpus and a "blue" one; their consensus is the caption most like the rest. */
  private static final List<String> RED =
      List.of("a red circle above a square", "a red circle above a blue square", "the red circle is above a blue square",
          "a red circle above a blue square again");
  private static final List<String> BLUE = List.of("a blue triangle", "there is a small blue triangle");
  private static final List<String> GREEN = List.of("a green cross");

  @Test
  void theNearestImageByCosineGivesItsConsensusCaption() {
    NearestImageCaption nn =
        NearestImageCaption.fit(List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 2}), List.of(RED, BLUE, GREEN));
    // Cosine, not distance: (10, 1, 0) is far from (1, 0, 0) but points the same way.
    assertThat(nn.nearest(new float[] {10, 1, 0})).isZero();
    assertThat(nn.nearest(new float[] {0.1f, 0.3f, 0})).isEqualTo(1);
    assertThat(nn.nearest(new float[] {0, 0.2f, 0.3f})).isEqualTo(2);
    // "a red circle above a blue square" shares the most n-grams with the other three.
    assertThat(nn.consensus(0)).isEqualTo("a red circle above a blue square");
    assertThat(nn.caption(new float[] {10, 1, 0})).isEqualTo("a red circle above a blue square");
    assertThat(nn.consensus(2)).isEqualTo("a green cross");
    assertThat(nn.caption(new float[] {0, 0, 5})).isEqualTo("a green cross");
    assertThat(nn.trainingImages()).isEqualTo(3);
  }

  @Test
  void tiesGoToTheFirstImageAndTheFirstCaption() {
    NearestImageCaption nn =
        NearestImageCaption.fit(
            List.of(new float[] {1, 1}, new float[] {2, 2}, new float[] {0, 0}),
            List.of(List.of("one", "two"), List.of("three"), List.of("four")));
    // (1, 1) and (2, 2) are equally similar to anything; the zero vector is similar to nothing.
    assertThat(nn.nearest(new float[] {5, 5})).isZero();
    assertThat(nn.nearest(new float[] {-1, -1})).isEqualTo(2); // cosine -1 for the others, 0 for the zero vector
    // Two captions sharing no n-gram score 0 against each other: the first is kept.
    assertThat(nn.consensus(0)).isEqualTo("one");
    // A zero query is equally (un)like every image.
    assertThat(nn.nearest(new float[] {0, 0})).isZero();
  }

  @Test
  void meanPoolAveragesTheRegions() {
    assertThat(NearestImageCaption.meanPool(new float[][] {{1, 2, 3}, {3, 2, 1}})).containsExactly(2, 2, 2);
    assertThat(NearestImageCaption.meanPool(new float[][] {{0.5f, -1}})).containsExactly(0.5f, -1);
    assertThatThrownBy(() -> NearestImageCaption.meanPool(new float[0][]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without regions");
  }

  @Test
  void inconsistentInputsAreRefusedWithTheirSizes() {
    assertThatThrownBy(() -> NearestImageCaption.fit(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no training images");
    assertThatThrownBy(() -> NearestImageCaption.fit(List.of(new float[] {1}), List.of(RED, BLUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1 training vectors but captions for 2 images");
    assertThatThrownBy(() -> NearestImageCaption.fit(List.of(new float[] {1}, new float[] {1, 2}), List.of(RED, BLUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("training vector 1 has 2 values, vector 0 has 1");
    assertThatThrownBy(() -> NearestImageCaption.fit(List.of(new float[] {1}), List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("training image 0 has no captions");
    NearestImageCaption nn = NearestImageCaption.fit(List.of(new float[] {1, 0}), List.of(GREEN));
    assertThatThrownBy(() -> nn.caption(new float[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the vector has 3 values, the training vectors 2");
  }
}
