package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PorterStemmer} on published examples: the example of NLTK's own documentation of {@code
 * PorterStemmer()} (its default mode, the one rouge-score uses), the two words Porter's 1980 paper
 * follows through every step, the paper's examples whose whole stem is what its table shows, and
 * the places where NLTK's mode departs from the paper.
 */
class PorterStemmerTest {
  private static List<String> stems(String... words) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      out.add(PorterStemmer.stem(word));
    }
    return out;
  }

  @Test
  void nltksDocumentedExample() {
    // NLTK's stem howto (nltk/test/stem.doctest) and the PorterStemmer docstring.
    assertThat(
            String.join(
                " ",
                stems(
                    "caresses", "flies", "dies", "mules", "denied", "died", "agreed", "owned", "humbled", "sized", "meeting", "stating", "siezing",
                    "itemization", "sensational", "traditional", "reference", "colonizer", "plotted")))
        .isEqualTo("caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot");
  }

  @Test
  void thePapersWorkedExamples() {
    // "generalizations -> generalization -> generalize -> general -> gener" and
    // "oscillators -> oscillator -> oscillate -> oscill -> oscil".
    assertThat(stems("generalizations", "oscillators")).containsExactly("gener", "oscil");
  }

  @Test
  void thePapersStepExamples() {
    // Step 1a, 1b and 1c.
    assertThat(stems("caresses", "ponies", "caress", "cats")).containsExactly("caress", "poni", "caress", "cat");
    assertThat(stems("feed", "agreed", "plastered", "bled", "motoring", "sing")).containsExactly("feed", "agre", "plaster", "bled", "motor", "sing");
    assertThat(stems("hopping", "tanned", "falling", "hissing", "fizzed", "failing", "filing")).containsExactly("hop", "tan", "fall", "hiss", "fizz", "fail", "file");
    assertThat(stems("happy", "sky")).containsExactly("happi", "sky");
    // Steps 2 to 5, whole words: relational -> relate (step 2) -> relat (step 5a), and so on.
    assertThat(stems("relational", "conditional", "rational", "hopeful", "goodness", "triplicate", "electrical"))
        .containsExactly("relat", "condit", "ration", "hope", "good", "triplic", "electr");
    assertThat(stems("allowance", "inference", "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment"))
        .containsExactly("allow", "infer", "airlin", "gyroscop", "adjust", "defens", "irrit", "replac", "adjust");
    assertThat(stems("dependent", "adoption", "communism", "activate", "effective", "bowdlerize", "probate", "rate", "cease", "controlling", "roll"))
        .containsExactly("depend", "adopt", "commun", "activ", "effect", "bowdler", "probat", "rate", "ceas", "control", "roll");
    assertThat(stems("connection", "connections", "connected", "connecting")).containsOnly("connect");
  }

  @Test
  void nltkDepartsFromThePaperWhereItSaysSo() {
    // Four-letter -ies and -ied keep "ie" (the paper: ties -> ti).
    assertThat(stems("ties", "died", "spied")).containsExactly("tie", "die", "spi");
    // y -> i only after a consonant (the paper: enjoy -> enjoi).
    assertThat(stems("enjoy", "spy")).containsExactly("enjoy", "spi");
    // Irregular forms, looked up before any rule.
    assertThat(stems("skies", "dying", "news", "innings", "proceed")).containsExactly("sky", "die", "news", "inning", "proceed");
    // Short words are left alone, lower-cased; NLTK's regression test: oed -> o.
    assertThat(stems("as", "Is", "oed")).containsExactly("as", "is", "o");
  }
}
