package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unimo score} end to end on small files. The expected numbers are the reference values of
 * the metric tests (org.unimo.tasks.metrics), each computed by running the official scorer on the
 * same inputs; see those tests for the sources.
 */
class ScoreCommandTest {
  // pycocoevalcap (salaniz/pycocoevalcap@ad63453) with CoreNLP 3.4.1's PTBTokenizer, run on the two
  // images of captionMetricsFromCocoFiles in the annotations' order (522418, 184613).
  private static final double BLEU1 = 0.7142857142517007;
  private static final double BLEU4 = 4.33707923200346e-05;
  private static final double CIDER = 1.8063984813151457;
  private static final double ROUGE_L = 0.5889376218323588;

  @TempDir Path dir;

  private JsonObject score(String... args) {
    MainTest.Run run = MainTest.unimo(args);
    assertThat(run.status()).as(run.err()).isEqualTo(0);
    assertThat(run.out().strip().lines()).hasSize(1);
    return JsonParser.parseString(run.out()).getAsJsonObject();
  }

  private Path write(String name, String... lines) throws Exception {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  @Test
  void accuracyAndMccOnAGlueTsv() throws Exception {
    // scikit-learn 1.2.1: matthews_corrcoef([1,0,1,1,0,0,1,0,1,1], [1,0,0,1,0,1,1,0,1,0]) = 0.408248290463863
    Path tsv = write("dev.tsv", "sentence\tlabel", "a\t1", "b\t0", "c\t1", "d\t1", "e\t0", "f\t0", "g\t1", "h\t0", "i\t1", "j\t1");
    Path predictions = write("predictions.txt", "1", "0", "0", "1", "0", "1", "1", "0", "1", "0");
    JsonObject accuracy = score("score", "--metric", "accuracy", "--predictions", predictions.toString(), "--references", tsv.toString());
    assertThat(accuracy.get("metric").getAsString()).isEqualTo("accuracy");
    assertThat(accuracy.get("value").getAsDouble()).isEqualTo(0.7);
    assertThat(accuracy.get("count").getAsInt()).isEqualTo(10);
    JsonObject mcc = score("score", "--metric", "mcc", "--predictions", predictions.toString(), "--references", tsv.toString());
    assertThat(mcc.get("value").getAsDouble()).isCloseTo(0.408248290463863, within(1e-9));
  }

  @Test
  void pearsonReadsTheStsbScoreColumnAndReportsSpearmanToo() throws Exception {
    // SciPy 1.17.1 pearsonr / spearmanr on these eight pairs.
    Path tsv = write("sts.tsv", "index\tsentence1\tsentence2\tscore", "0\ta\tb\t0.0", "1\ta\tb\t2.4", "2\ta\tb\t3.8", "3\ta\tb\t3.0", "4\ta\tb\t1.2", "5\ta\tb\t5.0", "6\ta\tb\t2.2", "7\ta\tb\t0.6");
    Path predictions = write("sts.txt", "0.5", "2.0", "3.5", "3.5", "1.0", "4.8", "2.2", "0.0");
    JsonObject pearson = score("score", "--metric", "pearson", "--predictions", predictions.toString(), "--references", tsv.toString());
    assertThat(pearson.get("value").getAsDouble()).isCloseTo(0.9708987169510017, within(1e-9));
    assertThat(pearson.get("spearman").getAsDouble()).isCloseTo(0.9461247469114745, within(1e-9));
  }

  @Test
  void vqaWithBreakdowns() throws Exception {
    // vqaEval.py (GT-Vision-Lab/VQA@a013f00): "red" against 3 red, 4 blue, 2 green, 1 white scores 0.9;
    // "two" against 2, two, 5 x 3, 3 x 4 scores 0.6.
    Path annotations = write(
        "annotations.json",
        "{\"annotations\": [",
        "  {\"question_id\": 5, \"question_type\": \"what color is the\", \"answer_type\": \"other\", \"answers\": " + answers("red", "red", "red", "blue", "blue", "blue", "blue", "green", "green", "white") + "},",
        "  {\"question_id\": 3, \"question_type\": \"how many\", \"answer_type\": \"number\", \"answers\": " + answers("2", "two", "3", "3", "3", "3", "3", "4", "4", "4") + "}",
        "]}");
    Path results = write("results.json", "[{\"question_id\": 3, \"answer\": \"two\"}, {\"question_id\": 5, \"answer\": \"red\"}]");
    JsonObject vqa = score("score", "--metric", "vqa", "--predictions", results.toString(), "--references", annotations.toString());
    assertThat(vqa.get("value").getAsDouble()).isCloseTo(0.75, within(1e-9));
    assertThat(vqa.get("count").getAsInt()).isEqualTo(2);
    assertThat(vqa.getAsJsonObject("perAnswerType").get("other").getAsDouble()).isCloseTo(0.9, within(1e-9));
    assertThat(vqa.getAsJsonObject("perQuestionType").get("how many").getAsDouble()).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void recallFromJsonLines() throws Exception {
    Path ranked = write("ranked.jsonl", "{\"query\": \"t1\", \"ranked\": [\"i1\", \"i2\"]}", "{\"query\": 2, \"ranked\": [3, 4, 5, 6, 7, 8]}");
    Path relevant = write("relevant.jsonl", "{\"query\": \"t1\", \"relevant\": [\"i1\"]}", "{\"query\": 2, \"relevant\": [8]}");
    JsonObject recall = score("score", "--metric", "recall", "--predictions", ranked.toString(), "--references", relevant.toString());
    // By hand: t1 hits at rank 1, query 2 at rank 6.
    assertThat(recall.get("r1").getAsDouble()).isEqualTo(0.5);
    assertThat(recall.get("r5").getAsDouble()).isEqualTo(0.5);
    assertThat(recall.get("r10").getAsDouble()).isEqualTo(1.0);
    assertThat(recall.get("value").getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void captionMetricsFromCocoFiles() throws Exception {
    // The results list 184613 first; the evaluation order is the annotations' images list.
    Path annotations = write(
        "captions_val.json",
        "{\"images\": [{\"id\": 522418}, {\"id\": 184613}], \"annotations\": [",
        "{\"image_id\": 522418, \"id\": 1, \"caption\": \"A woman wearing a net on her head cutting a cake. \"},",
        "{\"image_id\": 522418, \"id\": 2, \"caption\": \"A woman cutting a large white sheet cake.\"},",
        "{\"image_id\": 522418, \"id\": 3, \"caption\": \"A woman wearing a hair net cutting a large sheet cake.\"},",
        "{\"image_id\": 184613, \"id\": 4, \"caption\": \"A child holding a flowered umbrella and petting a yak.\"},",
        "{\"image_id\": 184613, \"id\": 5, \"caption\": \"A young man holding an umbrella next to a herd of cattle.\"},",
        "{\"image_id\": 184613, \"id\": 6, \"caption\": \"a young boy barefoot holding an umbrella touching the horn of a cow\"}",
        "]}");
    Path results = write(
        "results.json",
        "[{\"image_id\": 184613, \"caption\": \"A boy (holding an umbrella) stands next to a cow.\"},",
        " {\"image_id\": 522418, \"caption\": \"A woman is cutting a cake with a knife.\"}]");
    JsonObject cider = score("score", "--metric", "cider", "--predictions", results.toString(), "--references", annotations.toString());
    assertThat(cider.get("count").getAsInt()).isEqualTo(2);
    assertThat(cider.get("value").getAsDouble()).isCloseTo(CIDER, within(1e-9));
    assertThat(cider.get("bleu4").getAsDouble()).isCloseTo(BLEU4, within(1e-9));
    assertThat(cider.get("rougeL").getAsDouble()).isCloseTo(ROUGE_L, within(1e-9));
    JsonObject bleu = score("score", "--metric", "bleu4", "--predictions", results.toString(), "--references", annotations.toString());
    assertThat(bleu.get("value").getAsDouble()).isCloseTo(BLEU4, within(1e-9));
    assertThat(bleu.get("bleu1").getAsDouble()).isCloseTo(BLEU1, within(1e-9));
  }

  @Test
  void rougeFromLineFilesWithEscapedSentenceBreaks() throws Exception {
    // Line 1 is rouge_scorer_test.py's testRougeLsum pair, its two prediction sentences written
    // with a literal \n: ROUGE-Lsum 8/15 (published). Line 2 is its testMultipleRougeTypes pair:
    // ROUGE-1 and ROUGE-L (= Lsum, one sentence) 4/5, ROUGE-2 2/3 (published). By hand for line 1:
    // ROUGE-1 P 4/10 R 4/5 = 8/15; ROUGE-2 shares only "w1 w2" of 9 and 4 bigrams, 2/13.
    Path predictions = write("summaries.txt", "w1 w2 w6 w7 w8\\nw1 w3 w8 w9 w5", "testing one");
    Path references = write("highlights.txt", "w1 w2 w3 w4 w5", "testing one two");
    JsonObject lsum = score("score", "--metric", "rougeLsum", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(lsum.get("count").getAsInt()).isEqualTo(2);
    assertThat(lsum.get("value").getAsDouble()).isCloseTo((8.0 / 15 + 0.8) / 2, within(1e-12));
    assertThat(lsum.get("rouge1").getAsDouble()).isCloseTo((8.0 / 15 + 0.8) / 2, within(1e-12));
    assertThat(lsum.get("rouge2").getAsDouble()).isCloseTo((2.0 / 13 + 2.0 / 3) / 2, within(1e-12));
    JsonObject rouge2 = score("score", "--metric", "rouge2", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(rouge2.get("value").getAsDouble()).isCloseTo((2.0 / 13 + 2.0 / 3) / 2, within(1e-12));
  }

  @Test
  void stemIsPorterStemmingForRougeOnly() throws Exception {
    // By hand: stemmed, "running dogs" is run dog and "the dog runs" the dog run: P 1, R 2/3.
    Path predictions = write("p.txt", "Running dogs");
    Path references = write("r.txt", "the dog runs");
    JsonObject plain = score("score", "--metric", "rouge1", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(plain.get("value").getAsDouble()).isEqualTo(0.0);
    JsonObject stemmed = score("score", "--metric", "rouge1", "--stem", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(stemmed.get("value").getAsDouble()).isCloseTo(0.8, within(1e-12));
    MainTest.Run run = MainTest.unimo("score", "--metric", "coqa_f1", "--stem", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--stem is for --metric rouge1, rouge2 and rougeLsum only");
  }

  @Test
  void coqaF1WithTabSeparatedGoldAnswers() throws Exception {
    // Questions 1, 3 and 6 of CoqaF1Test: the official evaluate-v1.0.py scores them
    // 0.6666666666666666, 0.9166666666666666 and 1.0.
    Path predictions = write("answers.txt", "a white cat", "in the barn", "unknown");
    Path golds = write("golds.txt", "white\twhite\twhite kitten\twhite", "the barn\tin a barn\tbarn\tin the old red barn", "unknown");
    JsonObject f1 = score("score", "--metric", "coqa_f1", "--predictions", predictions.toString(), "--references", golds.toString());
    assertThat(f1.get("count").getAsInt()).isEqualTo(3);
    assertThat(f1.get("value").getAsDouble()).isCloseTo((0.6666666666666666 + 0.9166666666666666 + 1.0) / 3, within(1e-12));
    Path empty = write("bad.txt", "white\twhite", "barn\t\tin a barn", "unknown");
    MainTest.Run run = MainTest.unimo("score", "--metric", "coqa_f1", "--predictions", predictions.toString(), "--references", empty.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(empty + ":2: an empty gold answer");
  }

  @Test
  void lineFilesOfDifferentLengthsAreNamedWithTheirCounts() throws Exception {
    Path predictions = write("p.txt", "one", "two", "three");
    Path references = write("r.txt", "one", "two");
    MainTest.Run run = MainTest.unimo("score", "--metric", "rouge1", "--predictions", predictions.toString(), "--references", references.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(predictions + ": 3 lines, but " + references + " has 2");
  }

  @Test
  void aMalformedFileNamesFileAndLineAndExitsTwo() throws Exception {
    Path annotations = write("annotations.json", "{\"annotations\": []}");
    Path results = write("results.json", "[", "  {\"question_id\": 1, \"answer\": \"yes\"},", "  {\"question_id\": 2 \"answer\": \"no\"}", "]");
    MainTest.Run run = MainTest.unimo("score", "--metric", "vqa", "--predictions", results.toString(), "--references", annotations.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(results + ":3: not JSON");
  }

  @Test
  void aShortTsvRowNamesItsLine() throws Exception {
    Path tsv = write("dev.tsv", "sentence\tlabel", "a\t1", "b");
    Path predictions = write("p.txt", "1", "0");
    MainTest.Run run = MainTest.unimo("score", "--metric", "accuracy", "--predictions", predictions.toString(), "--references", tsv.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(tsv + ":3: 1 fields, but 'label' is field 2");
  }

  @Test
  void anUnknownMetricIsAUsageError() {
    MainTest.Run run = MainTest.unimo("score", "--metric", "meteor", "--predictions", "p", "--references", "r");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("unknown metric 'meteor'");
  }

  private static String answers(String... texts) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < texts.length; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"answer\": \"").append(texts[i]).append("\", \"answer_confidence\": \"yes\", \"answer_id\": ").append(i + 1).append('}');
    }
    return json.append(']').toString();
  }
}
