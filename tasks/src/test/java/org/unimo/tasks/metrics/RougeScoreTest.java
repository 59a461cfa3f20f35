package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link RougeScore} against the published expectations of {@code rouge-score} (0.1.2):
 * google-research/google-research {@code rouge/rouge_scorer_test.py}, whose values for the test
 * data are "taken from manual runs of ROUGE-1.5.5" and given to five decimals. The inputs are that
 * test's data, {@code rouge/testdata/target.txt} and {@code prediction.txt} (lines 1 and 2, @
 * 10bf941) and {@code rouge/testdata/pyrouge_files/target_multi.0.txt} (@4c47023) and {@code
 * prediction_multi.0.txt} (@e30f540), copied here as strings (Apache License 2.0, The Google
 * Research Authors); they are random letters with English suffixes, so that stemming has work to
 * do. rouge-score and NLTK are not installed here, so no value below was computed by running the
 * package: each is the package's own test expectation, or by hand where the comment says so.
 */
class RougeScoreTest {
  /** Five published decimals: within half a unit of the last. */
  private static final Offset<Double> PUBLISHED = within(5e-6);

  private static final Offset<Double> EXACT = within(1e-12);

  private static final String TARGET_1 =
      "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b"
          + " .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L";
  private static final String TARGET_2 =
      "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J"
          + " XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu"
          + " pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN";
  private static final String PREDICTION_1 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi";
  private static final String PREDICTION_2 =
      "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer"
          + " tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD";

  /** target_multi.0.txt: four sentences, one a line, the file ending in a newline. */
  private static final String TARGET_MULTI =
      TARGET_1
          + "\n"
          + TARGET_2
          + "\n"
          + "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE -HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT\n"
          + "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM\n";

  /** prediction_multi.0.txt. */
  private static final String PREDICTION_MULTI =
      PREDICTION_1
          + "\n"
          + PREDICTION_2
          + "\n"
          + "xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J\n"
          + "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO\n";

  @Test
  void rouge1AndRouge2OfTheSmallExamples() {
    // testRouge1: "testing" against "testing one two": P 1, R 1/3, F 1/2.
    assertThat(RougeScore.f("testing", "testing one two", false)[0]).isCloseTo(0.5, EXACT);
    // testRouge2: "testing one" against "testing one two": P 1, R 1/2, F 2/3.
    assertThat(RougeScore.f("testing one", "testing one two", false)[1]).isCloseTo(2.0 / 3, EXACT);
    // testMultipleRougeTypes: ROUGE-1 of the same pair, P 1, R 2/3, F 4/5.
    assertThat(RougeScore.f("testing one", "testing one two", false)[0]).isCloseTo(0.8, EXACT);
  }

  @Test
  void anEmptyOrPunctuationOnlyPredictionScoresZero() {
    // testRougeEmpty and testRougeLsum's empty and "/" cases.
    assertThat(RougeScore.f("", "testing one two", false)).containsExactly(new double[] {0, 0, 0}, EXACT);
    assertThat(RougeScore.f("/", "w1 w2 w3 w4 w5", false)).containsExactly(new double[] {0, 0, 0}, EXACT);
    assertThat(RougeScore.f("w1", "", false)).containsExactly(new double[] {0, 0, 0}, EXACT);
  }

  @Test
  void rouge1AgainstRouge155() {
    assertThat(RougeScore.f(PREDICTION_1, TARGET_1, false)[0]).isCloseTo(0.51163, PUBLISHED);
    assertThat(RougeScore.f(PREDICTION_2, TARGET_2, false)[0]).isCloseTo(0.50000, PUBLISHED);
  }

  @Test
  void rouge1AgainstRouge155WithStemming() {
    assertThat(RougeScore.f(PREDICTION_1, TARGET_1, true)[0]).isCloseTo(0.51163, PUBLISHED);
    // Stemming changes only the second pair.
    assertThat(RougeScore.f(PREDICTION_2, TARGET_2, true)[0]).isCloseTo(0.52941, PUBLISHED);
  }

  @Test
  void rouge2AgainstRouge155WithAndWithoutStemming() {
    for (boolean stem : new boolean[] {false, true}) {
      assertThat(RougeScore.f(PREDICTION_1, TARGET_1, stem)[1]).isCloseTo(0.39024, PUBLISHED);
      assertThat(RougeScore.f(PREDICTION_2, TARGET_2, stem)[1]).isCloseTo(0.36364, PUBLISHED);
    }
  }

  @Test
  void rougeLsumAgainstRouge155WithStemming() {
    // testRougeLSumAgainstRouge155WithStemming: R 0.36538, P 0.66667, F 0.47205.
    assertThat(RougeScore.f(PREDICTION_MULTI, TARGET_MULTI, true)[2]).isCloseTo(0.47205, PUBLISHED);
  }

  @Test
  void rougeLsumTakesTheUnionOfTheSentencesLcs() {
    // testRougeLsum, the example of section 3.2 of the ROUGE paper: the reference's LCS with the
    // two sentences are w1 w2 and w1 w3 w5, their union w1 w2 w3 w5: R 4/5, P 4/10, F 8/15.
    assertThat(RougeScore.f("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5", false)[2]).isCloseTo(8.0 / 15, EXACT);
    // By hand: two sentences in the wrong order each match their part, so the union is the whole
    // reference (F 1); as one sentence the LCS is w3 w4 w5 (P = R = 3/5).
    assertThat(RougeScore.f("w3 w4 w5\nw1 w2", "w1 w2 w3 w4 w5", false)[2]).isCloseTo(1.0, EXACT);
    assertThat(RougeScore.f("w3 w4 w5 w1 w2", "w1 w2 w3 w4 w5", false)[2]).isCloseTo(0.6, EXACT);
  }

  @Test
  void theLcsIsReadBackAsThePackageReadsIt() {
    // testLcsTable: [2, 5, 3, 4] in [1, 2, 3, 4, 5] is matched at reference positions 1, 2, 3.
    assertThat(RougeScore.lcsPositions(List.of("1", "2", "3", "4", "5"), List.of("2", "5", "3", "4")).stream().toArray())
        .containsExactly(1, 2, 3);
    assertThat(RougeScore.lcsPositions(List.of("1", "2", "3", "4", "5"), List.of("8", "9")).isEmpty()).isTrue();
  }

  @Test
  void theTokenizerKeepsLowerCaseLettersAndDigitsOnly() {
    assertThat(RougeScore.tokens("The U.S.-based co's 2nd   run!", false)).containsExactly("the", "u", "s", "based", "co", "s", "2nd", "run");
    // Only tokens longer than three characters are stemmed.
    assertThat(RougeScore.tokens("Running dogs ran sees", true)).containsExactly("run", "dog", "ran", "see");
  }

  @Test
  void aCorpusScoresTheMeanOfTheExamples() {
    RougeScore.Result r = RougeScore.score(List.of(PREDICTION_1, PREDICTION_2), List.of(TARGET_1, TARGET_2), false);
    assertThat(r.examples()).isEqualTo(2);
    assertThat(r.rouge1()).isCloseTo((0.51163 + 0.50000) / 2, PUBLISHED);
    assertThat(r.rouge2()).isCloseTo((0.39024 + 0.36364) / 2, PUBLISHED);
    // Each text is one sentence, so ROUGE-Lsum is their ROUGE-L: testRougeLAgainstRouge155's F.
    assertThat(r.rougeLsum()).isCloseTo((0.51163 + 0.50000) / 2, PUBLISHED);
    assertThatThrownBy(() -> RougeScore.score(List.of("a"), List.of("a", "b"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 predictions for 2 references");
  }
}
