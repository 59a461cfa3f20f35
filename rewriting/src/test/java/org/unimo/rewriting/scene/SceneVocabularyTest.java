package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SceneVocabularyTest {
  private static final CaptionParser PARSER = CaptionParser.create();

  @Test
  void harvestsObjectsAttributesAndPredicatesByKind() {
    SceneVocabulary v =
        SceneVocabulary.of(
            List.of(
                PARSER.parse("a man in a red shirt rides a brown horse on the beach"),
                PARSER.parse("a girl riding a small white horse"),
                PARSER.parse("people are standing near a wooden fence")));
    assertThat(v.objects(NounUse.INDEFINITE)).containsExactly("horse", "fence", "girl", "man", "shirt");
    assertThat(v.objects(NounUse.DEFINITE)).containsExactly("beach");
    assertThat(v.objects(NounUse.PLURAL)).containsExactly("person");
    assertThat(v.plural("person")).contains("people");
    assertThat(v.objectCount("horse")).isEqualTo(2);
    assertThat(v.attributes(AttributeCategory.COLOR)).containsExactly("brown", "red", "white");
    assertThat(v.attributes(AttributeCategory.SIZE)).containsExactly("small");
    assertThat(v.attributes(AttributeCategory.MATERIAL)).containsExactly("wooden");
    assertThat(v.predicates(PredicateForm.PREPOSITION)).containsExactly("in", "on");
    assertThat(v.predicates(PredicateForm.PRESENT)).containsExactly("rides");
    assertThat(v.predicates(PredicateForm.PROGRESSIVE)).containsExactly("riding", "standing near");
  }

  @Test
  void mergingAddsCounts() {
    SceneVocabulary a = SceneVocabulary.of(List.of(PARSER.parse("a red apple on a table")));
    SceneVocabulary b = SceneVocabulary.of(List.of(PARSER.parse("a green apple under a table")));
    SceneVocabulary both = a.merge(b);
    assertThat(both.objectCount("apple", NounUse.INDEFINITE)).isEqualTo(2);
    assertThat(both.attributes(AttributeCategory.COLOR)).containsExactly("green", "red");
    assertThat(both.predicates(PredicateForm.PREPOSITION)).containsExactly("on", "under");
    assertThat(a.attributes(AttributeCategory.COLOR)).containsExactly("red");
    assertThat(SceneVocabulary.empty().objects(NounUse.PLURAL)).isEmpty();
    SceneVocabulary.Builder builder = a.toBuilder();
    SceneVocabulary snapshot = builder.build();
    builder.addAttribute("blue", AttributeCategory.COLOR);
    assertThat(snapshot.attributes(AttributeCategory.COLOR)).containsExactly("red");
    assertThat(builder.build().attributes(AttributeCategory.COLOR)).containsExactly("blue", "red");
  }
}
