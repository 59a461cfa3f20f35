package org.unimo.rewriting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class CaptionRewriterTest {
  private static final List<Caption> CAPTIONS =
      List.of(
          new Caption("1", "a man in a red shirt rides a brown horse on the beach"),
          new Caption("2", "a woman in a blue dress walks a white dog on the grass"),
          new Caption("3", "two dogs playing with a frisbee in a grassy park"),
          new Caption("4", "a man rides a black bike on the street"),
          new Caption("5", "a small cat sleeps on a wooden chair"));

  private static final List<LabeledImage> IMAGES =
      List.of(
          new LabeledImage("1", List.of("man", "horse", "shirt")),
          new LabeledImage("2", List.of("woman", "dog", "grass")),
          new LabeledImage("3", List.of("dog", "dog", "frisbee", "grass")),
          new LabeledImage("4", List.of("man", "bike")),
          new LabeledImage("5", List.of("cat", "chair")));

  private static List<RewrittenCaption> rewrite(long seed) {
    List<RewrittenCaption> out = new ArrayList<>();
    CaptionRewriter.builder()
        .paraphrases(2)
        .sceneNegatives(2)
        .tfidfNegatives(2)
        .relatedImages(1)
        .relatedTexts(1)
        .seed(seed)
        .threads(2)
        .build()
        .rewrite(CAPTIONS, IMAGES, List.of("a horse runs along the beach", "a cat on a chair"), out::add);
    return out;
  }

  @Test
  void everyKindComesOutInInputOrder() {
    List<RewrittenCaption> out = rewrite(7);
    assertThat(out).extracting(RewrittenCaption::index).containsExactly(0L, 1L, 2L, 3L, 4L);
    RewrittenCaption rider = out.get(0);
    assertThat(rider.caption()).isEqualTo(CAPTIONS.get(0));
    for (SampleKind kind :
        List.of(SampleKind.PARAPHRASE, SampleKind.TFIDF, SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION, SampleKind.IMAGE, SampleKind.TEXT)) {
      assertThat(rider.samples(kind)).as(kind.label()).isNotEmpty();
    }
    assertThat(rider.samples(SampleKind.IMAGE)).extracting(Sample::value).containsExactly("4");
    assertThat(rider.samples(SampleKind.TEXT)).extracting(Sample::value).containsExactly("a horse runs along the beach");
    assertThat(rider.samples(SampleKind.TFIDF)).extracting(Sample::value).doesNotContain(rider.caption().text());
    assertThat(rider.samples()).extracting(Sample::value).doesNotContain(rider.caption().text());
  }

  @Test
  void theSeedFixesTheOutput() {
    assertThat(rewrite(7)).isEqualTo(rewrite(7));
  }
}
