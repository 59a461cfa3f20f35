package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * BLEU, CIDEr-D and ROUGE-L against pycocoevalcap. The expected values were computed by running
 * the scorers of salaniz/pycocoevalcap@ad63453cfab57a81a02b2949b17a91fab1c3df77 ({@code
 * bleu/bleu.py}, {@code cider/cider.py}, {@code rouge/rouge.py}, the Python 3 port of
 * tylin/coco-caption@3a9afb2 with the same arithmetic) on these inputs, as {@code
 * COCOEvalCap.evaluate} calls them.
 */
class CaptionMetricsTest {
  private static final Offset<Double> TOLERANCE = within(1e-9);

  /** Already tokenized: the scorers alone. */
  private static final List<CaptionExample> TOKENIZED =
      List.of(
          new CaptionExample("1", "the cat sits on the mat", List.of("a cat sits on the mat", "there is a cat on the mat", "the cat is on a mat")),
          new CaptionExample(
              "2", "a dog is running in the park", List.of("a dog runs in the park", "a brown dog running on grass", "a dog is running in a green park", "dog playing")),
          new CaptionExample("3", "people ride", List.of("two people ride bikes down the street", "two cyclists ride down a city street")));

  @Test
  void bleuIsCorpusLevelWithTheClosestReferenceLengthAndABrevityPenalty() {
    Bleu.Result bleu = Bleu.score(TOKENIZED);
    assertThat(bleu.bleu(1)).isCloseTo(0.7148664490450234, TOLERANCE);
    assertThat(bleu.bleu(2)).isCloseTo(0.7399570740168386, TOLERANCE);
    assertThat(bleu.bleu(3)).isCloseTo(0.6883652008151672, TOLERANCE);
    assertThat(bleu.bleu(4)).isCloseTo(0.6146837083970543, TOLERANCE);
    // By hand: 6 + 7 + 2 candidate words; closest reference lengths 6, then 6 (6 and 8 are both 1
    // away from 7: the shorter wins) and 7.
    assertThat(bleu.candidateLength()).isEqualTo(15);
    assertThat(bleu.referenceLength()).isEqualTo(19);
  }

  @Test
  void ciderDUsesDocumentFrequenciesOfTheEvaluatedReferences() {
    assertThat(CiderD.perImage(TOKENIZED)).containsExactly(new double[] {4.545931802206933, 2.928463978602143, 1.1255791394499406}, within(1e-9));
    assertThat(CiderD.score(TOKENIZED)).isCloseTo(2.866658306753006, TOLERANCE);
    // The same first image scored alone has other IDFs (log 1 = 0 for everything), so another score.
    assertThat(CiderD.score(TOKENIZED.subList(0, 1))).isEqualTo(0.0);
  }

  @Test
  void rougeLTakesTheBestPrecisionAndTheBestRecallSeparately() {
    assertThat(RougeL.score(TOKENIZED.get(0).candidate(), TOKENIZED.get(0).references())).isCloseTo(0.8333333333333334, TOLERANCE);
    assertThat(RougeL.score(TOKENIZED.get(1).candidate(), TOKENIZED.get(1).references())).isCloseTo(0.842929525564256, TOLERANCE);
    assertThat(RougeL.score(TOKENIZED.get(2).candidate(), TOKENIZED.get(2).references())).isCloseTo(0.40397350993377484, TOLERANCE);
    assertThat(RougeL.score(TOKENIZED)).isCloseTo(0.6934121229437881, TOLERANCE);
  }

  /**
   * Raw captions through the whole pipeline: four COCO val2014 images (the references are their
   * COCO captions; the candidates are made up, one with brackets and a contraction). Expected
   * values from running pycocoevalcap's tokenizer (with CoreNLP's PTBTokenizer built from
   * stanfordnlp/CoreNLP@v3.4.1) and then its scorers on them.
   */
  @Test
  void rawCaptionsScoreAsCocoEvalCapScoresThem() {
    List<CaptionExample> raw =
        List.of(
            new CaptionExample(
                "391895",
                "A man riding a motorcycle down a dirt road.",
                List.of(
                    "A man with a red helmet on a small moped on a dirt road. ",
                    "Man riding a motor bike on a dirt road on the countryside.",
                    "A man riding on the back of a motorcycle.",
                    "A dirt path with a young person on a motor bike rests to the foreground of a verdant area with a bridge and a background of cloud-wreathed mountains. ",
                    "A man in a red shirt and a red hat is on a motorcycle on a hill side.")),
            new CaptionExample(
                "522418",
                "A woman is cutting a cake with a knife.",
                List.of(
                    "A woman wearing a net on her head cutting a cake. ",
                    "A woman cutting a large white sheet cake.",
                    "A woman wearing a hair net cutting a large sheet cake.",
                    "there is a woman that is cutting a white cake",
                    "A woman marking a cake with the back of a chef's knife. ")),
            new CaptionExample(
                "184613",
                "A boy (holding an umbrella) stands next to a cow.",
                List.of(
                    "A child holding a flowered umbrella and petting a yak.",
                    "A young man holding an umbrella next to a herd of cattle.",
                    "a young boy barefoot holding an umbrella touching the horn of a cow",
                    "A young boy with an umbrella who is touching the horn of a cow.",
                    "A boy holding an umbrella while standing next to livestock.")),
            new CaptionExample(
                "318219",
                "a young boy isn't using the computer's keyboard",
                List.of(
                    "A young boy standing in front of a computer keyboard.",
                    "a little boy wearing headphones and looking at a computer monitor",
                    "He is listening intently to the computer at school.",
                    "A young boy stares up at the computer monitor.",
                    "a young kid with head phones on using a computer ")));
    CaptionMetrics.Result result = CaptionMetrics.score(raw);
    assertThat(result.tokenized().get(2).candidate()).isEqualTo("a boy -lrb- holding an umbrella -rrb- stands next to a cow");
    assertThat(result.tokenized().get(3).candidate()).isEqualTo("a young boy is n't using the computer 's keyboard");
    assertThat(result.bleu().values())
        .containsExactly(new double[] {0.8499999999787501, 0.6871842709181427, 0.510206887725378, 4.666811185098195e-05}, within(1e-9));
    assertThat(result.cider()).isCloseTo(1.691109375498054, TOLERANCE);
    assertThat(result.rougeL()).isCloseTo(0.6135834628574648, TOLERANCE);
  }
}
