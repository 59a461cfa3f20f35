package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GlueTsv} needs to know about one GLUE task's files: whether they start with a header,
 * which columns hold text A, text B, the label and the id, and whether the label is a class from
 * {@link #labels()} or a score (regression). Immutable; the presets cover the tasks UNIMO reports
 * on, and {@link #builder} describes any other tab-separated task.
 *
 * <pre>{@code
 * List<GlueExample> train = GlueTsv.read(Path.of("glue/MNLI/train.tsv"), GlueTask.MNLI, BadRows.fail());
 * List<GlueExample> test = GlueTsv.read(Path.of("glue/MNLI/test_matched.tsv"), GlueTask.MNLI.unlabelled(), BadRows.fail());
 * GlueTask qnli = GlueTask.builder("qnli").textA("question").textB("sentence")
 *     .label("label", "entailment", "not_entailment").build();
 * }</pre>
 */
public final class GlueTask {
  /**
   * SST-2 ({@code train.tsv}, {@code dev.tsv}): a header {@code sentence, label}; labels {@code 0}
   * (negative) and {@code 1} (positive). Its {@code test.tsv} ({@code index, sentence}) reads with
   * {@link #unlabelled()}.
   */
  public static final GlueTask SST2 = builder("sst2").id("index").textA("sentence").label("label", "0", "1").build();

  /**
   * CoLA's {@code train.tsv} and {@code dev.tsv}: no header, 4 columns: source, label, the
   * author's original mark (ignored), sentence; labels {@code 0} (unacceptable) and {@code 1}
   * (acceptable). Its {@code test.tsv} has another layout: {@link #COLA_TEST}.
   */
  public static final GlueTask COLA = builder("cola").noHeader(4).textA(3).label(1, "0", "1").build();

  /** CoLA's {@code test.tsv}: a header {@code index, sentence}, no labels. */
  public static final GlueTask COLA_TEST = builder("cola-test").id("index").textA("sentence").build();

  /**
   * MNLI ({@code train.tsv}, {@code dev_matched.tsv}, {@code dev_mismatched.tsv}): a header;
   * {@code sentence1} (premise), {@code sentence2} (hypothesis), {@code gold_label}, found by
   * name, so train's 12 columns and dev's 16 both read. Labels {@code entailment}, {@code
   * neutral}, {@code contradiction}, in that order (0, 1, 2). The test files ({@code
   * test_matched.tsv}, {@code test_mismatched.tsv}) read with {@link #unlabelled()}.
   */
  public static final GlueTask MNLI =
      builder("mnli").id("index").textA("sentence1").textB("sentence2").label("gold_label", "entailment", "neutral", "contradiction").build();

  /**
   * STS-B: a header; {@code sentence1}, {@code sentence2} and {@code score}, a similarity from 0
   * to 5 (regression). Its {@code test.tsv} reads with {@link #unlabelled()}.
   */
  public static final GlueTask STSB = builder("stsb").id("index").textA("sentence1").textB("sentence2").score("score", 0, 5).build();

  private static final Map<String, GlueTask> PRESETS = presets(SST2, COLA, COLA_TEST, MNLI, STSB);

  /**
   * A column: by its name in the header line, or by its position (0-based; messages count from
   * 1, as editors do).
   *
   * @param name the header name, or null for a column given by position
   * @param index the 0-based position, or -1 for a column given by name
   */
  public record Column(@Nullable String name, int index) {
    public Column {
      if ((name == null) == (index < 0)) {
        throw new IllegalArgumentException("a column has either a name or a position: " + name + ", " + index);
      }
    }

    public static Column named(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a column name is blank");
      }
      return new Column(name, -1);
    }

    public static Column at(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("column position " + index + " is negative");
      }
      return new Column(null, index);
    }

    @Override
    public String toString() {
      return name != null ? "\"" + name + "\"" : "column " + (index + 1);
    }
  }

  private final String name;
  private final int columns;
  private final @Nullable Column id;
  private final Column textA;
  private final @Nullable Column textB;
  private final @Nullable Column label;
  private final List<String> labels;
  private final float minScore;
  private final float maxScore;

  private GlueTask(Builder b) {
    this.name = b.name;
    this.columns = b.columns;
    this.id = b.id;
    this.textA = requireNonNull(b.textA, () -> "GLUE task " + b.name + ": no text column (textA)");
    this.textB = b.textB;
    this.label = b.label;
    this.labels = List.copyOf(b.labels);
    this.minScore = b.minScore;
    this.maxScore = b.maxScore;
    for (Column column : new Column[] {id, textA, textB, label}) {
      if (column == null) {
        continue;
      }
      if (columns > 0 && column.name() != null) {
        throw new IllegalArgumentException("GLUE task " + name + ": column " + column + " is named, but the files have no header");
      }
      if (columns > 0 && column.index() >= columns) {
        throw new IllegalArgumentException("GLUE task " + name + ": " + column + ", but rows have " + columns + " columns");
      }
    }
    if (label != null && labels.isEmpty() && !(minScore <= maxScore)) {
      throw new IllegalArgumentException("GLUE task " + name + ": score range " + minScore + ".." + maxScore + " is empty");
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("GLUE task " + name + ": a label repeats in " + labels);
    }
  }

  /** A preset by name: {@code sst2}, {@code cola}, {@code cola-test}, {@code mnli}, {@code stsb}. */
  public static GlueTask preset(String name) {
    GlueTask task = PRESETS.get(name);
    if (task == null) {
      throw new IllegalArgumentException("no GLUE task preset \"" + name + "\"; the presets: " + String.join(", ", PRESETS.keySet()));
    }
    return task;
  }

  /** The names {@link #preset} knows, sorted. */
  public static List<String> presetNames() {
    return List.copyOf(PRESETS.keySet());
  }

  /** A new task description; files have a header unless {@link Builder#noHeader} says otherwise. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this task's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.columns = columns;
    b.id = id;
    b.textA = textA;
    b.textB = textB;
    b.label = label;
    b.labels = labels;
    b.minScore = minScore;
    b.maxScore = maxScore;
    return b;
  }

  /** This task without its label column, for test files, which have none; named {@code NAME-test}. */
  public GlueTask unlabelled() {
    Builder b = toBuilder();
    b.name = name + "-test";
    b.label = null;
    b.labels = List.of();
    return b.build();
  }

  public String name() {
    return name;
  }

  /** Whether the first line is a header naming the columns. */
  public boolean header() {
    return columns == 0;
  }

  /** The column count every row must have in headerless files; 0 when the header sets it. */
  public int columns() {
    return columns;
  }

  /** The id column; a named one may be absent from a file, and ids are then null. */
  public @Nullable Column id() {
    return id;
  }

  public Column textA() {
    return textA;
  }

  public @Nullable Column textB() {
    return textB;
  }

  /** The label or score column, or null for unlabelled files. */
  public @Nullable Column label() {
    return label;
  }

  /** The classes in index order; empty for a regression task (or an unlabelled one). */
  public List<String> labels() {
    return labels;
  }

  /** Whether the label column holds a score rather than a class. */
  public boolean regression() {
    return label != null && labels.isEmpty();
  }

  /** The lowest score allowed (regression only). */
  public float minScore() {
    return minScore;
  }

  /** The highest score allowed (regression only). */
  public float maxScore() {
    return maxScore;
  }

  @Override
  public String toString() {
    return "GlueTask[" + name + "]";
  }

  private static Map<String, GlueTask> presets(GlueTask... tasks) {
    Map<String, GlueTask> byName = new TreeMap<>();
    for (GlueTask task : tasks) {
      byName.put(task.name(), task);
    }
    return byName;
  }

  /** Builds a {@link GlueTask}; only {@code textA} is required. */
  public static final class Builder {
    private String name;
    private int columns;
    private @Nullable Column id;
    private @Nullable Column textA;
    private @Nullable Column textB;
    private @Nullable Column label;
    private List<String> labels = List.of();
    private float minScore = Float.NEGATIVE_INFINITY;
    private float maxScore = Float.POSITIVE_INFINITY;

    private Builder(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a GLUE task name is blank");
      }
      this.name = name;
    }

    /** The files have no header line and every row {@code columns} columns (CoLA: 4). */
    public Builder noHeader(int columns) {
      if (columns < 1) {
        throw new IllegalArgumentException("GLUE task " + name + ": " + columns + " columns");
      }
      this.columns = columns;
      return this;
    }

    /** The id column, by header name; optional in the files. */
    public Builder id(String column) {
      this.id = Column.named(column);
      return this;
    }

    public Builder textA(String column) {
      this.textA = Column.named(column);
      return this;
    }

    /** Text A by 0-based position. */
    public Builder textA(int column) {
      this.textA = Column.at(column);
      return this;
    }

    public Builder textB(String column) {
      this.textB = Column.named(column);
      return this;
    }

    /** Text B by 0-based position. */
    public Builder textB(int column) {
      this.textB = Column.at(column);
      return this;
    }

    /** A class label in {@code column}, one of {@code labels}, indexed in their order. */
    public Builder label(String column, String... labels) {
      return label(Column.named(column), labels);
    }

    /** A class label at 0-based position {@code column}. */
    public Builder label(int column, String... labels) {
      return label(Column.at(column), labels);
    }

    private Builder label(Column column, String... labels) {
      if (labels.length == 0) {
        throw new IllegalArgumentException("GLUE task " + name + ": no labels for " + column + "; a score is score(...)");
      }
      this.label = column;
      this.labels = List.of(labels);
      return this;
    }

    /** A score in {@code column}, from {@code min} to {@code max} inclusive (regression). */
    public Builder score(String column, float min, float max) {
      this.label = Column.named(column);
      this.labels = List.of();
      this.minScore = min;
      this.maxScore = max;
      return this;
    }

    public GlueTask build() {
      return new GlueTask(this);
    }
  }
}
