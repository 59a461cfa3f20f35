package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class SceneNegativesTest {
  private static final CaptionParser PARSER = CaptionParser.create();
  private static SceneNegatives negatives;

  @BeforeAll
  static void harvest() {
    SceneVocabulary vocabulary =
        SceneVocabulary.of(NegativesCorpus.CAPTIONS.stream().map(PARSER::parse).toList());
    negatives = SceneNegatives.of(PARSER, vocabulary);
  }

  @Test
  void eachNegativeChangesExactlyOneElementOfItsKind() {
    for (String caption : NegativesCorpus.CAPTIONS) {
      ParsedCaption original = PARSER.parse(caption);
      for (Sample sample : negatives.negatives(original, 3, 42L)) {
        SceneGraph changed = PARSER.parse(sample.value()).graph();
        assertThat(differences(original.graph(), changed, sample.kind())).as(sample.toString()).isEqualTo(1);
        assertThat(sample.value()).isNotEqualTo(caption);
      }
    }
  }

  @Test
  void theHorseCaptionGetsNegativesOfEveryKind() {
    ParsedCaption p = PARSER.parse("a man in a red shirt rides a brown horse on the beach");
    for (SampleKind kind : List.of(SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION)) {
      List<Sample> samples = negatives.negatives(p, kind, 3, 1L);
      assertThat(samples).as(kind.label()).hasSize(3).allMatch(s -> s.kind() == kind);
      assertThat(samples).allMatch(s -> s.source().contains(" -> "));
    }
    assertThat(negatives.negatives(p, SampleKind.RELATION, 10, 1L))
        .extracting(Sample::value)
        .allMatch(v -> v.startsWith("a man "))
        .anyMatch(v -> v.matches("a man in a red shirt \\w+s a brown horse on the beach"));
  }

  @Test
  void synonymsAndHypernymsAreNeverReplacements() {
    ParsedCaption car = PARSER.parse("a red car parked on a street");
    assertThat(negatives.negatives(car, SampleKind.OBJECT, 50, 3L))
        .extracting(Sample::source)
        .contains("street -> automobile")
        .anyMatch(s -> s.startsWith("car -> "))
        .doesNotContain("car -> automobile");
    SceneVocabulary animals =
        SceneVocabulary.of(List.of(PARSER.parse("an animal near a canine"), PARSER.parse("a cat near a puppy")));
    List<Sample> dogNegatives =
        SceneNegatives.of(PARSER, animals).negatives(PARSER.parse("a dog near a tree"), SampleKind.OBJECT, 10, 5L);
    assertThat(dogNegatives).extracting(Sample::source).contains("dog -> cat").doesNotContain("dog -> animal", "dog -> canine");
    SceneVocabulary sizes = SceneVocabulary.of(List.of(PARSER.parse("a big dog and a small cat")));
    assertThat(SceneNegatives.of(PARSER, sizes).negatives(PARSER.parse("a large box"), SampleKind.ATTRIBUTE, 10, 5L))
        .extracting(Sample::value)
        .containsExactly("a small box");
  }

  @Test
  void articlesAgreeWithTheNewWord() {
    ParsedCaption apple = PARSER.parse("a red apple on a table");
    List<Sample> samples = negatives.negatives(apple, SampleKind.ATTRIBUTE, 20, 9L);
    assertThat(samples).extracting(Sample::value)
        .contains("an orange apple on a table")
        .allMatch(v -> {
          String[] words = v.split(" ");
          return words[0].equals(CaptionRealizer.article(words[1]));
        });
    for (Sample s : negatives.negatives(PARSER.parse("a horse near a fence"), SampleKind.OBJECT, 20, 9L)) {
      String[] words = s.value().split(" ");
      assertThat(words[0]).as(s.value()).isEqualTo(CaptionRealizer.article(words[1]));
    }
  }

  @Test
  void pluralsStayPluralAndColorsStayColors() {
    ParsedCaption dogs = PARSER.parse("two dogs playing with a frisbee in a grassy park");
    for (Sample s : negatives.negatives(dogs, SampleKind.OBJECT, 10, 4L)) {
      ParsedCaption p = PARSER.parse(s.value());
      for (int i = 0; i < p.objects().size(); i++) {
        assertThat(p.objects().get(i).use()).as(s.value()).isEqualTo(dogs.objects().get(i).use());
      }
    }
    assertThat(negatives.negatives(dogs, SampleKind.OBJECT, 10, 4L)).extracting(Sample::value)
        .anyMatch(v -> v.matches("two (cats|horses) playing with a frisbee in a grassy park"));
    ParsedCaption shirt = PARSER.parse("a man wearing a black hat");
    List<String> colors = negatives.negatives(shirt, SampleKind.ATTRIBUTE, 10, 4L).stream()
        .map(s -> s.source().substring(s.source().indexOf("-> ") + 3))
        .toList();
    assertThat(colors).isNotEmpty().allMatch(c -> AttributeCategory.listed(c) == AttributeCategory.COLOR);
  }

  @Test
  void verbFormsAreKept() {
    ParsedCaption riding = PARSER.parse("a girl riding a white horse near a fence");
    List<Sample> samples = negatives.negatives(riding, SampleKind.RELATION, 10, 8L);
    assertThat(samples).isNotEmpty();
    for (Sample s : samples) {
      ParsedCaption p = PARSER.parse(s.value());
      assertThat(p.relations()).extracting(RelationMention::form)
          .containsExactlyElementsOf(riding.relations().stream().map(RelationMention::form).toList());
    }
  }

  @Test
  void theSameSeedGivesTheSameNegatives() {
    ParsedCaption p = PARSER.parse("a woman holding an umbrella next to a red car");
    assertThat(negatives.negatives(p, 4, 123L)).isEqualTo(negatives.negatives(p, 4, 123L));
    assertThat(negatives.negatives(p, 4, 123L)).isNotEqualTo(negatives.negatives(p, 4, 124L));
  }

  @Test
  void shapesCaptionsGetShapesNegatives() {
    ParsedCaption p = PARSER.parse("a small red circle to the left of a large blue square");
    assertThat(negatives.negatives(p, SampleKind.RELATION, 30, 2L)).extracting(Sample::value)
        .contains("a small red circle above a large blue square", "a small red circle below a large blue square");
    assertThat(negatives.negatives(p, SampleKind.ATTRIBUTE, 30, 2L)).extracting(Sample::value)
        .contains("a large red circle to the left of a large blue square")
        .contains("a small red circle to the left of a large orange square");
  }

  @Test
  void onlySceneGraphKindsAreMade() {
    ParsedCaption p = PARSER.parse("a red apple on a table");
    assertThatThrownBy(() -> negatives.negatives(p, SampleKind.TFIDF, 1, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not tfidf");
    assertThat(negatives.negatives(PARSER.parse("and of the"), 3, 0L)).isEmpty();
  }

  /** Elements that differ: objects (noun or attributes, by kind) or relation predicates. */
  private static int differences(SceneGraph a, SceneGraph b, SampleKind kind) {
    if (a.objects().size() != b.objects().size() || a.relations().size() != b.relations().size()) {
      return -1;
    }
    int nouns = 0;
    int attributes = 0;
    int predicates = 0;
    for (int i = 0; i < a.objects().size(); i++) {
      SceneObject x = a.objects().get(i);
      SceneObject y = b.objects().get(i);
      nouns += x.noun().equals(y.noun()) ? 0 : 1;
      if (x.attributes().size() != y.attributes().size()) {
        return -1;
      }
      for (int k = 0; k < x.attributes().size(); k++) {
        attributes += x.attributes().get(k).equals(y.attributes().get(k)) ? 0 : 1;
      }
    }
    for (int r = 0; r < a.relations().size(); r++) {
      Relation x = a.relations().get(r);
      Relation y = b.relations().get(r);
      if (x.subject() != y.subject() || x.object() != y.object()) {
        return -1;
      }
      predicates += x.predicate().equals(y.predicate()) ? 0 : 1;
    }
    int total = nouns + attributes + predicates;
    int ofKind = switch (kind.label().toLowerCase(Locale.ROOT)) {
      case "object" -> nouns;
      case "attribute" -> attributes;
      default -> predicates;
    };
    return ofKind == total ? total : -1;
  }
}
