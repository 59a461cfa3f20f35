package org.unimo.tasks.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.baseline.BagOfWords.Features;
import org.unimo.tasks.baseline.BagOfWords.Method;
import org.unimo.tasks.baseline.BagOfWords.Options;
import org.unimo.tasks.finetune.data.SpamAssassin;
import org.unimo.tasks.finetune.data.TextExample;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.MatthewsCorrelation;

/**
 * The baselines on the Spam Assassin corpus, on the split fine-tuning uses: {@link
 * SpamAssassin#split} with the seed of {@code examples/configs/spam-minilm.textproto} (fine-tuning
 * splits by its spec's seed). Each method trains on the training set with {@link
 * Options#defaults()} and is scored by accuracy and Matthews correlation on the validation and
 * test sets; the table goes to standard output. Opt-in, about a minute:
 *
 * <pre>
 * mvn -B -q -pl tasks -am test -Dtest=SpamBaselineCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dunimo.baseline.check=true [-Dunimo.baseline.spam=DIR] [-Dunimo.baseline.seed=SEED]
 * </pre>
 *
 * <p>{@code DIR} is the installed corpus, by default the one {@code ./unimo setup} installed in
 * this checkout or a directory above it; {@code SEED} overrides the config's seed.
 *
 * <p>Measured with the config's seed 42 (41,283 words in the vocabulary; each fit a few seconds on
 * 2 cores), beside the fine-tuned MiniLM's test accuracy 0.9697 and MCC 0.9307 (docs/finetuning.md):
 *
 * <pre>
 * | method                       | validation accuracy | validation MCC | test accuracy | test MCC |
 * | majority (ham)               |              0.6919 |         0.0000 |        0.6919 |   0.0000 |
 * | naive Bayes, counts          |              0.9630 |         0.9131 |        0.9697 |   0.9286 |
 * | logistic regression, tf-idf  |              0.9781 |         0.9485 |        0.9848 |   0.9644 |
 * | logistic regression, binary  |              0.9848 |         0.9644 |        0.9832 |   0.9605 |
 * </pre>
 */
@EnabledIfSystemProperty(named = "unimo.baseline.check", matches = "true")
class SpamBaselineCheck {
  /** The config of the fine-tuned model these numbers stand beside. */
  static final Path CONFIG = Path.of("../examples/configs/spam-minilm.textproto");

  @Test
  void baselinesOnTheFineTuningSplit() throws IOException {
    String dirProperty = System.getProperty("unimo.baseline.spam", "");
    Path dir = dirProperty.isEmpty() ? SpamAssassin.locate(Path.of("")).orElse(null) : Path.of(dirProperty);
    if (dir == null || !SpamAssassin.installed(dir)) {
      Assumptions.abort("no Spam Assassin corpus installed" + (dir == null ? "" : " in " + dir) + ": ./unimo setup, or -Dunimo.baseline.spam=DIR");
    }
    String seedProperty = System.getProperty("unimo.baseline.seed", "");
    long seed = seedProperty.isEmpty() ? ModelSpec.read(CONFIG).seed() : Long.parseLong(seedProperty);
    SpamAssassin.Split split = SpamAssassin.split(SpamAssassin.read(dir, BadRows.fail()), seed);
    List<String> train = texts(split.train());
    int[] labels = labels(split.train());

    List<String> rows = new ArrayList<>();
    rows.add(String.format(Locale.ROOT, "Spam Assassin, %s, seed %d: %d training, %d validation, %d test emails", dir, seed,
        split.train().size(), split.validation().size(), split.test().size()));
    rows.add("| method | validation accuracy | validation MCC | test accuracy | test MCC | words | fit |");
    rows.add("|---|---:|---:|---:|---:|---:|---|");

    Majority majority = Majority.train(labels);
    int[] validationMajority = new int[split.validation().size()];
    Arrays.fill(validationMajority, majority.label());
    int[] testMajority = new int[split.test().size()];
    Arrays.fill(testMajority, majority.label());
    rows.add(row("majority (" + SpamAssassin.LABELS.get(majority.label()) + ")", split, validationMajority, testMajority, "", ""));

    double majorityAccuracy = Accuracy.score(names(validationMajority), names(labels(split.validation())));
    record Variant(String name, Method method, Options options) {}
    List<Variant> variants =
        List.of(
            new Variant("naive Bayes, counts", Method.NAIVE_BAYES, Options.defaults()),
            new Variant("logistic regression, tf-idf", Method.LOGISTIC_REGRESSION, Options.defaults()),
            new Variant("logistic regression, binary", Method.LOGISTIC_REGRESSION, Options.builder().features(Features.BINARY).build()));
    for (Variant variant : variants) {
      long start = System.nanoTime();
      BagOfWords.Model model = BagOfWords.train(train, null, labels, SpamAssassin.LABELS.size(), variant.method(), variant.options());
      double seconds = (System.nanoTime() - start) / 1e9;
      int[] validation = model.predict(texts(split.validation()), null);
      int[] test = model.predict(texts(split.test()), null);
      String fit =
          String.format(
              Locale.ROOT,
              "%.1f s%s",
              seconds,
              model.losses().isEmpty()
                  ? ""
                  : String.format(Locale.ROOT, ", %d iterations%s, loss %.4f", model.losses().size() - 1, model.converged() ? "" : " (not converged)",
                      model.losses().get(model.losses().size() - 1)));
      rows.add(row(variant.name(), split, validation, test, Integer.toString(model.vocabulary().size()), fit));
      assertThat(Accuracy.score(names(validation), names(labels(split.validation())))).as(variant.name()).isGreaterThan(majorityAccuracy);
    }
    System.out.println(String.join("\n", rows));
  }

  private static String row(String name, SpamAssassin.Split split, int[] validation, int[] test, String words, String fit) {
    List<String> validationLabels = names(labels(split.validation()));
    List<String> testLabels = names(labels(split.test()));
    return String.format(
        Locale.ROOT,
        "| %s | %.4f | %.4f | %.4f | %.4f | %s | %s |",
        name,
        Accuracy.score(names(validation), validationLabels),
        MatthewsCorrelation.score(names(validation), validationLabels),
        Accuracy.score(names(test), testLabels),
        MatthewsCorrelation.score(names(test), testLabels),
        words,
        fit);
  }

  private static List<String> texts(List<TextExample> examples) {
    return examples.stream().map(TextExample::text).toList();
  }

  private static int[] labels(List<TextExample> examples) {
    return examples.stream().mapToInt(TextExample::label).toArray();
  }

  private static List<String> names(int[] labels) {
    return Arrays.stream(labels).mapToObj(SpamAssassin.LABELS::get).toList();
  }
}
