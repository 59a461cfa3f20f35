package org.unimo.rewriting.paraphrase;

import static org.assertj.core.api.Assertions.assertThat;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.dictionary.Dictionary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InflectorTest {
  private static Inflector inflector;

  @BeforeAll
  static void loadWordNet() throws JWNLException {
    inflector = Inflector.fromWordNet(Dictionary.getDefaultResourceInstance());
  }

  @Test
  void spellingRules() {
    assertThat(Inflector.thirdPerson("watch")).isEqualTo("watches");
    assertThat(Inflector.thirdPerson("carry")).isEqualTo("carries");
    assertThat(Inflector.thirdPerson("play")).isEqualTo("plays");
    assertThat(Inflector.thirdPerson("go")).isEqualTo("goes");
    assertThat(Inflector.presentParticiple("sit")).isEqualTo("sitting");
    assertThat(Inflector.presentParticiple("ride")).isEqualTo("riding");
    assertThat(Inflector.presentParticiple("lie")).isEqualTo("lying");
    assertThat(Inflector.presentParticiple("see")).isEqualTo("seeing");
    assertThat(Inflector.presentParticiple("jump")).isEqualTo("jumping");
    assertThat(Inflector.regularPast("stop")).isEqualTo("stopped");
    assertThat(Inflector.regularPast("carry")).isEqualTo("carried");
    assertThat(Inflector.regularPast("bake")).isEqualTo("baked");
    assertThat(Inflector.regularPast("play")).isEqualTo("played");
  }

  @Test
  void wordNetExceptionsCorrectTheRules() {
    assertThat(inflector.inflect("sit", POS.VERB, WordForm.PAST)).isEqualTo("sat");
    assertThat(inflector.inflect("leap", POS.VERB, WordForm.PAST)).isEqualTo("leapt");
    assertThat(inflector.inflect("panic", POS.VERB, WordForm.PRESENT_PARTICIPLE))
        .isEqualTo("panicking");
    assertThat(inflector.inflect("calf", POS.NOUN, WordForm.PLURAL)).isEqualTo("calves");
    assertThat(inflector.inflect("potato", POS.NOUN, WordForm.PLURAL)).isEqualTo("potatoes");
    assertThat(inflector.inflect("brother", POS.NOUN, WordForm.PLURAL)).isEqualTo("brothers");
    assertThat(inflector.inflect("man", POS.NOUN, WordForm.PLURAL)).isEqualTo("men");
  }

  @Test
  void phrasesInflectTheirHead() {
    assertThat(inflector.inflect("adult male", POS.NOUN, WordForm.PLURAL)).isEqualTo("adult males");
    assertThat(inflector.inflect("sit down", POS.VERB, WordForm.PRESENT_PARTICIPLE))
        .isEqualTo("sitting down");
    assertThat(inflector.inflect("sit down", POS.VERB, WordForm.THIRD_PERSON))
        .isEqualTo("sits down");
  }

  @Test
  void refusesWhatItCannotKnow() {
    // "rode" or "ridden"? The caption's form does not say which.
    assertThat(inflector.inflect("ride", POS.VERB, WordForm.PAST)).isNull();
    assertThat(inflector.inflect("red", POS.ADJECTIVE, WordForm.PLURAL)).isNull();
    assertThat(inflector.inflect("red", POS.ADJECTIVE, WordForm.BASE)).isEqualTo("red");
  }
}
