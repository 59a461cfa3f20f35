package org.unimo.rewriting.paraphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class WordNetParaphraserTest {
  private static final String BEACH = "a man in a red shirt rides a brown horse on the beach";
  private static final String FRISBEE = "two dogs playing with a frisbee";

  private static Dictionary wordNet;
  private static WordNetParaphraser paraphraser;

  @BeforeAll
  static void loadWordNet() throws JWNLException {
    wordNet = Dictionary.getDefaultResourceInstance();
    paraphraser = WordNetParaphraser.of(wordNet);
  }

  @Test
  void replacesContentWordsWithSynonymsFromTheirMostFrequentSense() throws JWNLException {
    List<Sample> samples = paraphraser.paraphrases(BEACH, 6, 42L);

    assertThat(samples).hasSize(6);
    assertThat(samples).extracting(Sample::kind).containsOnly(SampleKind.PARAPHRASE);
    assertThat(samples).extracting(Sample::value).doesNotHaveDuplicates().doesNotContain(BEACH);
    for (Sample sample : samples) {
      Map<String, String> changes = changes(sample);
      assertThat(changes).isNotEmpty();
      // shirt, horse and beach have no other lemma in their first synset (bar "Equus caballus").
      assertThat(changes.keySet()).isSubsetOf("man", "red", "rides", "brown");
      String expected = BEACH;
      for (Map.Entry<String, String> change : changes.entrySet()) {
        assertThat(firstSenseHasLemma(change.getKey(), baseOf(change.getValue())))
            .as("%s -> %s in %s", change.getKey(), change.getValue(), sample)
            .isTrue();
        expected = expected.replace(" " + change.getKey() + " ", " " + change.getValue() + " ");
      }
      expected = expected.replaceFirst("^a adult male ", "an adult male ");
      assertThat(sample.value()).isEqualTo(expected);
    }
  }

  @Test
  void keepsPluralNounsPlural() {
    assertThat(paraphraser.paraphrases(FRISBEE, 3, 1L))
        .containsExactly(
            new Sample(
                SampleKind.PARAPHRASE, "two domestic dogs playing with a frisbee",
                "wordnet: dogs -> domestic dogs"));
    assertThat(values("three children sitting on a bench", 10))
        .contains("three kids sitting on a bench", "three youngsters sitting on a bench");
    assertThat(values("men riding horses", 10)).contains("adult males riding horses");
  }

  @Test
  void keepsVerbForms() {
    assertThat(values("a man rides a horse", 10)).contains("a man sits a horse");
    assertThat(values("a dog jumped over a fence", 10)).contains("a dog leapt over a fence");
    assertThat(values("a woman is holding an umbrella", 10))
        .contains("a woman is keeping an umbrella", "a woman is maintaining an umbrella");
    // "ride" is in "sit"'s first synset, but its past could be "rode" or "ridden": left alone.
    assertThat(values("a man sat on a horse", 10)).noneMatch(v -> v.contains("rode"));
  }

  @Test
  void fixesTheArticleBeforeAReplacedWord() {
    List<String> values = values(BEACH, 20);
    assertThat(values).anyMatch(v -> v.startsWith("an adult male in a "));
    assertThat(values).noneMatch(v -> v.startsWith("a adult"));
    assertThat(values("a bus stops near an old building", 30))
        .anyMatch(v -> v.startsWith("an autobus "))
        .noneMatch(v -> v.matches(".*\\ban [bcdfgjklmnpqrstvwxyz].*"));
  }

  @Test
  void capitalizesTheReplacementOfACapitalizedWord() {
    assertThat(values("A man rides a horse.", 10)).contains("An adult male rides a horse.");
  }

  @Test
  void isDeterministicForASeed() throws JWNLException {
    WordNetParaphraser another = WordNetParaphraser.of(wordNet);
    assertThat(another.paraphrases(BEACH, 5, 7L))
        .isEqualTo(paraphraser.paraphrases(BEACH, 5, 7L));
    assertThat(paraphraser.paraphrases(BEACH, 5, 7L))
        .isEqualTo(paraphraser.paraphrases(BEACH, 5, 7L));
  }

  @Test
  void givesNothingWhenNothingCanBeReplaced() {
    assertThat(paraphraser.paraphrases("two of them are in it", 5, 0L)).isEmpty();
    assertThat(paraphraser.paraphrases("", 5, 0L)).isEmpty();
    assertThat(paraphraser.paraphrases(BEACH, 0, 0L)).isEmpty();
    // "a red shirt" has three synonyms of "red" and nothing else: three paraphrases at most.
    assertThat(paraphraser.paraphrases("a red shirt", 10, 0L)).hasSize(3);
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> paraphraser.paraphrases(BEACH, -1, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private static List<String> values(String caption, int n) {
    List<String> values = new ArrayList<>();
    for (long seed = 0; seed < 3; seed++) {
      for (Sample sample : paraphraser.paraphrases(caption, n, seed)) {
        assertThat(BackTranslator.normalized(sample.value()))
            .isNotEqualTo(BackTranslator.normalized(caption));
        values.add(sample.value());
      }
    }
    return values;
  }

  /** The "original -> replacement" pairs listed in a sample's source. */
  private static Map<String, String> changes(Sample sample) {
    assertThat(sample.source()).startsWith("wordnet: ");
    Map<String, String> changes = new LinkedHashMap<>();
    for (String change : sample.source().substring("wordnet: ".length()).split(", ")) {
      String[] sides = change.split(" -> ");
      assertThat(sides).hasSize(2);
      changes.put(sides[0], sides[1]);
    }
    return changes;
  }

  /** The replacement's dictionary form, found independently of the code under test. */
  private static String baseOf(String replacement) throws JWNLException {
    for (POS pos : POS.getAllPOS()) {
      for (String base : wordNet.getMorphologicalProcessor().lookupAllBaseForms(pos, replacement)) {
        return base;
      }
    }
    return replacement;
  }

  private static boolean firstSenseHasLemma(String word, String lemma) throws JWNLException {
    for (POS pos : POS.getAllPOS()) {
      for (String base : wordNet.getMorphologicalProcessor().lookupAllBaseForms(pos, word)) {
        IndexWord indexWord = wordNet.getIndexWord(pos, base);
        if (indexWord == null) {
          continue;
        }
        for (Word other : indexWord.getSenses().get(0).getWords()) {
          if (other.getLemma().toLowerCase(Locale.ROOT).equals(lemma)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
