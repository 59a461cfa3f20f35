package org.unimo.rewriting.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class RelatedImagesTest {
  private static final List<LabeledImage> IMAGES =
      List.of(
          new LabeledImage("beach", List.of("person", "person", "surfboard", "sea")),
          new LabeledImage("street", List.of("person", "car", "car", "traffic light")),
          new LabeledImage("surf", List.of("person", "surfboard", "sea", "sky")),
          new LabeledImage("zoo", List.of("giraffe", "tree", "person")),
          new LabeledImage("safari", List.of("giraffe", "tree", "sky")),
          new LabeledImage("crowd", List.of("person", "person", "person", "person")));

  @Test
  void imagesSharingMoreAndRarerLabelsComeFirst() {
    try (RelatedImages images = RelatedImages.index(IMAGES.iterator(), null)) {
      List<Sample> related = images.related("beach", 3);

      // surf shares the rare labels; crowd has four people; zoo and street one person each, and
      // zoo, with fewer regions, is damped less.
      assertThat(related).extracting(Sample::value).containsExactly("surf", "crowd", "zoo");
      assertThat(related).extracting(Sample::kind).containsOnly(SampleKind.IMAGE);
      assertThat(related.get(0).source()).matches("region labels, score \\d+\\.\\d{3}");
      assertThat(images.related("zoo", 1)).extracting(Sample::value).containsExactly("safari");
    }
  }

  @Test
  void aRareLabelOutweighsACommonOne() {
    try (RelatedImages images = RelatedImages.index(IMAGES.iterator(), null)) {
      // "giraffe" is in two images, "person" in five: the giraffe image wins.
      List<Sample> related = images.related(new LabeledImage("new", List.of("giraffe", "person")), 2);
      assertThat(related).extracting(Sample::value).containsExactly("zoo", "safari");
    }
  }

  @Test
  void equalScoresGoToTheImageIndexedFirst() {
    List<LabeledImage> twins =
        List.of(
            LabeledImage.ofClasses("a", 1, 2),
            LabeledImage.ofClasses("c", 1, 2),
            LabeledImage.ofClasses("b", 1, 2),
            LabeledImage.ofClasses("d", 3));
    try (RelatedImages images = RelatedImages.index(twins.iterator(), null)) {
      assertThat(images.related("c", 5)).extracting(Sample::value).containsExactly("a", "b");
      assertThat(images.related("d", 5)).isEmpty();
    }
  }

  @Test
  void idsAreChecked() {
    try (RelatedImages images = RelatedImages.index(IMAGES.iterator(), null)) {
      assertThatThrownBy(() -> images.related("moon", 1)).hasMessageContaining("no image has the id moon");
    }
    List<LabeledImage> twice = List.of(LabeledImage.ofClasses("7", 1), LabeledImage.ofClasses("7", 2));
    assertThatThrownBy(() -> RelatedImages.index(twice.iterator(), null))
        .hasMessageContaining("image 7 is listed twice");
  }
}
