package org.unimo.tasks.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.DataFileException;

/**
 * The metrics of {@code unimo score}, each with the file formats it reads.
 *
 * <pre>{@code
 * Score s = Metric.named("cider").score(Metric.Files.of(results, annotations));
 * System.out.println(s.toJson());
 * }</pre>
 */
public enum Metric {
  ACCURACY("accuracy"),
  MCC("mcc"),
  PEARSON("pearson"),
  SPEARMAN("spearman"),
  VQA("vqa"),
  RECALL("recall"),
  BLEU4("bleu4"),
  CIDER("cider"),
  ROUGE_L("rougeL"),
  ROUGE1("rouge1"),
  ROUGE2("rouge2"),
  ROUGE_LSUM("rougeLsum"),
  COQA_F1("coqa_f1");

  private final String label;

  Metric(String label) {
    this.label = label;
  }

  /** The name on the command line. */
  public String label() {
    return label;
  }

  /** The metric called {@code name}, or an exception listing the names. */
  public static Metric named(String name) {
    for (Metric m : values()) {
      if (m.label.equals(name)) {
        return m;
      }
    }
    List<String> names = new ArrayList<>();
    for (Metric m : values()) {
      names.add(m.label);
    }
    throw new IllegalArgumentException("unknown metric '" + name + "': one of " + String.join(", ", names));
  }

  /** The TSV column the labels are read from when none is named: GLUE's {@code score} for STS-B's correlations. */
  public String defaultLabelColumn() {
    return this == PEARSON || this == SPEARMAN ? "score" : "label";
  }

  /** Whether this is one of the summarization ROUGE metrics of {@link RougeScore}, which can stem. */
  public boolean isRouge() {
    return this == ROUGE1 || this == ROUGE2 || this == ROUGE_LSUM;
  }

  /**
   * The inputs of one scoring.
   *
   * @param questions VQA questions JSON, optional, for {@link #VQA} only
   * @param labelColumn the GLUE TSV column, or null for {@link #defaultLabelColumn()}
   * @param stem Porter stemming, for the ROUGE metrics of {@link #isRouge()} only
   */
  public record Files(Path predictions, Path references, @Nullable Path questions, @Nullable String labelColumn, boolean stem) {
    /** Without stemming. */
    public Files(Path predictions, Path references, @Nullable Path questions, @Nullable String labelColumn) {
      this(predictions, references, questions, labelColumn, false);
    }

    public static Files of(Path predictions, Path references) {
      return new Files(predictions, references, null, null, false);
    }
  }

  /**
   * Reads the files and scores them.
   *
   * @throws DataFileException for a malformed file, naming it and the line or record
   * @throws IOException for a file that cannot be read
   */
  public Score score(Files files) throws IOException {
    if (files.questions() != null && this != VQA) {
      throw new IllegalArgumentException("questions are read for vqa only, not " + label);
    }
    if (files.stem() && !isRouge()) {
      throw new IllegalArgumentException("stemming is for rouge1, rouge2 and rougeLsum only, not " + label);
    }
    return switch (this) {
      case ACCURACY, MCC -> classification(files);
      case PEARSON, SPEARMAN -> correlation(files);
      case VQA -> vqa(files);
      case RECALL -> recall(files);
      case BLEU4, CIDER, ROUGE_L -> captions(files);
      case ROUGE1, ROUGE2, ROUGE_LSUM -> rouge(files);
      case COQA_F1 -> coqa(files);
    };
  }

  private Score classification(Files files) throws IOException {
    List<String> predictions = MetricFiles.lines(files.predictions());
    List<String> labels = MetricFiles.tsvColumn(files.references(), column(files));
    checkCounts(files, predictions.size(), labels.size());
    double value = this == ACCURACY ? Accuracy.score(predictions, labels) : MatthewsCorrelation.score(predictions, labels);
    return new Score(label, value, predictions.size(), Map.of());
  }

  private Score correlation(Files files) throws IOException {
    double[] predictions = MetricFiles.numbers(files.predictions(), MetricFiles.lines(files.predictions()), 1);
    String column = column(files);
    // Row i of the TSV is line i + 2: the header is line 1.
    double[] labels = MetricFiles.numbers(files.references(), MetricFiles.tsvColumn(files.references(), column), 2);
    checkCounts(files, predictions.length, labels.length);
    Map<String, Object> extras = new LinkedHashMap<>();
    double pearson = Pearson.score(predictions, labels);
    double spearman = Spearman.score(predictions, labels);
    extras.put("pearson", pearson);
    extras.put("spearman", spearman);
    return new Score(label, this == PEARSON ? pearson : spearman, predictions.length, extras);
  }

  private Score vqa(Files files) throws IOException {
    VqaAccuracy.Result result = VqaAccuracy.score(MetricFiles.vqa(files.predictions(), files.references(), files.questions()));
    Map<String, Object> extras = new LinkedHashMap<>();
    if (!result.perAnswerType().isEmpty()) {
      extras.put("perAnswerType", result.perAnswerType());
    }
    if (!result.perQuestionType().isEmpty()) {
      extras.put("perQuestionType", result.perQuestionType());
    }
    return new Score(label, result.overall(), result.questions(), extras);
  }

  private Score recall(Files files) throws IOException {
    Map<String, List<String>> ranked = MetricFiles.idLists(files.predictions(), "ranked");
    Map<String, List<String>> relevant = MetricFiles.idLists(files.references(), "relevant");
    List<List<String>> rankedLists = new ArrayList<>();
    List<List<String>> relevantLists = new ArrayList<>();
    for (Map.Entry<String, List<String>> query : relevant.entrySet()) {
      List<String> list = ranked.get(query.getKey());
      if (list == null) {
        throw DataFileException.inFile(files.predictions(), "no ranking for query " + query.getKey() + " of " + files.references());
      }
      rankedLists.add(list);
      relevantLists.add(query.getValue());
    }
    for (String query : ranked.keySet()) {
      if (!relevant.containsKey(query)) {
        throw DataFileException.inFile(files.predictions(), "query " + query + " is not in " + files.references());
      }
    }
    RecallAtK.Result r = RecallAtK.ofRankings(rankedLists, relevantLists);
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("r1", r.r1());
    extras.put("r5", r.r5());
    extras.put("r10", r.r10());
    return new Score(label, r.r1(), r.queries(), extras);
  }

  private Score captions(Files files) throws IOException {
    List<CaptionExample> examples = MetricFiles.captions(files.predictions(), files.references());
    CaptionMetrics.Result result = CaptionMetrics.score(examples);
    Map<String, Object> extras = new LinkedHashMap<>();
    for (int k = 1; k <= Bleu.N; k++) {
      extras.put("bleu" + k, result.bleu().bleu(k));
    }
    extras.put("cider", result.cider());
    extras.put("rougeL", result.rougeL());
    double value =
        switch (this) {
          case BLEU4 -> result.bleu().bleu(4);
          case CIDER -> result.cider();
          default -> result.rougeL();
        };
    return new Score(label, value, examples.size(), extras);
  }

  /**
   * Line files, text i against text i. A literal {@code \n} (backslash, n) in a line is a line
   * break of the text: the sentence break of ROUGE-Lsum, and a space for ROUGE-1 and ROUGE-2.
   */
  private Score rouge(Files files) throws IOException {
    List<String> predictions = MetricFiles.lines(files.predictions(), "prediction");
    List<String> references = MetricFiles.lines(files.references(), "reference");
    checkLines(files, predictions.size(), references.size());
    RougeScore.Result result = RougeScore.score(withLineBreaks(predictions), withLineBreaks(references), files.stem());
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("rouge1", result.rouge1());
    extras.put("rouge2", result.rouge2());
    extras.put("rougeLsum", result.rougeLsum());
    double value =
        switch (this) {
          case ROUGE1 -> result.rouge1();
          case ROUGE2 -> result.rouge2();
          default -> result.rougeLsum();
        };
    return new Score(label, value, result.examples(), extras);
  }

  /** Line files: an answer per line against the gold answers of the line, separated by TAB. */
  private Score coqa(Files files) throws IOException {
    List<String> predictions = MetricFiles.lines(files.predictions(), "prediction");
    List<List<String>> golds = MetricFiles.goldAnswers(files.references());
    checkLines(files, predictions.size(), golds.size());
    return new Score(label, CoqaF1.score(predictions, golds), predictions.size(), Map.of());
  }

  private static List<String> withLineBreaks(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(line.replace("\\n", "\n"));
    }
    return out;
  }

  private static void checkLines(Files files, int predictions, int references) throws DataFileException {
    if (predictions != references) {
      throw DataFileException.inFile(
          files.predictions(), String.format(Locale.ROOT, "%d lines, but %s has %d: one prediction per reference line", predictions, files.references(), references));
    }
  }

  private String column(Files files) {
    return files.labelColumn() != null ? files.labelColumn() : defaultLabelColumn();
  }

  private static void checkCounts(Files files, int predictions, int labels) throws DataFileException {
    if (predictions != labels) {
      throw DataFileException.inFile(
          files.predictions(), String.format(Locale.ROOT, "%d predictions for %d labels in %s", predictions, labels, files.references()));
    }
  }
}
