package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptionParserTest {
  private static final CaptionParser PARSER = CaptionParser.create();

  @Test
  void theManOnTheHorse() {
    ParsedCaption p = PARSER.parse("a man in a red shirt rides a brown horse on the beach");
    assertThat(p.graph().objects())
        .containsExactly(
            SceneObject.of("man"), SceneObject.of("shirt", "red"), SceneObject.of("horse", "brown"),
            SceneObject.of("beach"));
    assertThat(p.graph().relations())
        .containsExactly(new Relation(0, "in", 1), new Relation(0, "rides", 2), new Relation(2, "on", 3));
    assertThat(p.relations()).extracting(RelationMention::form)
        .containsExactly(PredicateForm.PREPOSITION, PredicateForm.PRESENT, PredicateForm.PREPOSITION);
  }

  @Test
  void everyElementKnowsItsTokens() {
    ParsedCaption p = PARSER.parse("A man in a red shirt rides a brown horse.");
    ObjectMention shirt = p.objects().get(1);
    assertThat(p.textOf(shirt.phrase())).isEqualTo("a red shirt");
    assertThat(p.textOf(shirt.noun())).isEqualTo("shirt");
    assertThat(p.textOf(shirt.attributes().get(0).span())).isEqualTo("red");
    assertThat(shirt.attributes().get(0).category()).isEqualTo(AttributeCategory.COLOR);
    assertThat(p.textOf(shirt.article())).isEqualTo("a");
    assertThat(p.textOf(p.relations().get(1).predicate())).isEqualTo("rides");
    assertThat(p.rewrite(Map.of(p.objects().get(0).article(), "an", p.objects().get(0).noun(), "old man")))
        .isEqualTo("An old man in a red shirt rides a brown horse.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "two dogs playing with a frisbee in a grassy park | dog, frisbee, park[grassy] | dog -playing with-> frisbee; frisbee -in-> park",
        "a woman holding an umbrella next to a red car | woman, umbrella, car[red] | woman -holding-> umbrella; umbrella -next to-> car",
        "a plate of food with broccoli and rice on a wooden table | plate, food, broccoli, rice, table[wooden] | plate -of-> food; plate -with-> broccoli; plate -with-> rice; plate -on-> table",
        "people are standing near a large white bus | person, bus[large white] | person -standing near-> bus",
        "A cat sitting on top of a black and white car. | cat, car[black white] | cat -sitting on top of-> car",
        "a group of people standing in front of a building | person, building | person -standing in front of-> building",
        "a giraffe standing next to a tall tree | giraffe, tree[tall] | giraffe -standing next to-> tree",
        "a kitchen with a stove, a sink and a refrigerator | kitchen, stove, sink, refrigerator | kitchen -with-> stove; kitchen -with-> sink; kitchen -with-> refrigerator",
        "a young boy swinging a baseball bat at a ball | boy[young], baseball bat, ball | boy -swinging-> baseball bat; baseball bat -at-> ball",
        "a man and a woman sitting on a bench | man, woman, bench | man -sitting on-> bench; woman -sitting on-> bench",
        "a dog is laying on a couch in a living room | dog, couch, living room | dog -laying on-> couch; couch -in-> living room",
        "a stop sign on the side of a road | sign[stop], road | sign -on the side of-> road",
        "two zebras grazing in a field of grass | zebra, field, grass | zebra -grazing in-> field; field -of-> grass",
        "a teddy bear sitting in a chair | teddy bear, chair | teddy bear -sitting in-> chair",
        "an elephant walks through the tall grass | elephant, grass[tall] | elephant -walks through-> grass",
        "a parked car near a fire hydrant | car[parked], fire hydrant | car -near-> fire hydrant",
        "three sheep standing in a grassy field | sheep, field[grassy] | sheep -standing in-> field",
        "the children are playing soccer on the field | child, soccer, field | child -playing-> soccer; soccer -on-> field",
        "a skateboarder does a trick on a ramp | skateboarder, trick, ramp | skateboarder -does-> trick; trick -on-> ramp",
        "several boats docked in the harbor | boat, harbor | boat -docked in-> harbor",
        "a cat that is sleeping on a laptop | cat, laptop | cat -sleeping on-> laptop",
        "a woman in a red dress walks down the street | woman, dress[red], street | woman -in-> dress; woman -walks down-> street",
        "two men ride horses on a dirt road | man, horse, road[dirt] | man -ride-> horse; horse -on-> road",
        "a very large dog lying on a bed | dog[large], bed | dog -lying on-> bed",
        "a person on a motorcycle, riding down a street | person, motorcycle, street | person -on-> motorcycle; person -riding down-> street",
        "a bus parked on the side of the street | bus, street | bus -parked on the side of-> street",
      })
  void ordinaryCaptions(String caption, String objects, String relations) {
    assertThat(GraphText.of(PARSER.parse(caption).graph())).isEqualTo(objects + " | " + relations);
  }

  @Test
  void pluralsAndCountsAreKeptOnTheMention() {
    ParsedCaption p = PARSER.parse("two dogs and a herd of cattle near three geese");
    assertThat(p.objects()).extracting(ObjectMention::use)
        .containsExactly(NounUse.PLURAL, NounUse.PLURAL, NounUse.PLURAL);
    assertThat(p.objects()).extracting(ObjectMention::count).containsExactly(2, 0, 3);
    assertThat(p.graph().objects()).extracting(SceneObject::noun).containsExactly("dog", "cattle", "goose");
    assertThat(PARSER.parse("with rice").objects().get(0).use()).isEqualTo(NounUse.BARE);
    assertThat(PARSER.parse("the beach").objects().get(0).use()).isEqualTo(NounUse.DEFINITE);
  }

  @Test
  void unparseableTextGivesAnEmptyGraphNotAnError() {
    for (String text : List.of("", "   ", "!!!", "and of the", "it is what it is", "xqzt blorp")) {
      ParsedCaption p = PARSER.parse(text);
      assertThat(p.graph().relations()).isEmpty();
      assertThat(p.objects()).hasSameSizeAs(p.graph().objects());
    }
  }
}
