package org.unimo.tasks.finetune.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;
import org.unimo.tasks.formats.JsonLines;
import org.unimo.tasks.formats.LineReader;
import org.unimo.tasks.formats.LineRows;

/**
 * GLUE's tab-separated files, as the GLUE download writes them, read by a {@link GlueTask} that
 * says which columns matter.
 *
 * <p>Fields are separated by tabs and nothing else: GLUE does not quote, so a {@code "} is part of
 * the text (SST-2 and MNLI have sentences that start with one) and a field cannot hold a tab or a
 * line break. With a header, the first line names the columns and every row must have as many;
 * without one (CoLA's train and dev files), every row must have {@link GlueTask#columns()}. Texts
 * are kept as written and must not be blank. A class must be one of {@link GlueTask#labels()}
 * (compared exactly: {@code Entailment} is not {@code entailment}); a score must be a finite
 * number in the task's range. Blank lines are skipped, UTF-8 is decoded strictly, {@code .gz}
 * files are read as gzip. A row with the wrong column count, an unknown label, a bad score or a
 * blank text is a bad row for the {@link BadRows} policy, named by file and line ({@code
 * dev_matched.tsv:17: unknown label "-" in "gold_label" (column 16); mnli's labels: entailment,
 * neutral, contradiction}); a header without a column the task needs stops the read.
 *
 * <pre>{@code
 * try (DataReader<GlueExample> rows = GlueTsv.open(Path.of("SST-2/train.tsv.gz"), GlueTask.SST2, BadRows.fail())) {
 *   while (rows.hasNext()) {
 *     GlueExample e = rows.next(); // e.textA(), e.label()
 *   }
 * }
 * }</pre>
 */
public final class GlueTsv {
  private GlueTsv() {}

  /**
   * Opens {@code file} to read its examples one by one; reads the header line now.
   *
   * @throws DataFileException if the header lacks a column the task names, or the file is empty
   *     but should have a header
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static DataReader<GlueExample> open(Path file, GlueTask task, BadRows bad) throws IOException {
    LineReader lines = LineReader.open(file, bad);
    try {
      return new Reader(lines, task, bad);
    } catch (IOException | RuntimeException e) {
      lines.close();
      throw e;
    }
  }

  /**
   * Every example of {@code file}, in file order.
   *
   * @throws DataFileException also when the file has no example (saying how many bad rows were
   *     skipped)
   */
  public static List<GlueExample> read(Path file, GlueTask task, BadRows bad) throws IOException {
    return DataReader.readAll(open(file, task, bad), file, bad);
  }

  private static final class Reader extends LineRows<GlueExample> {
    private final GlueTask task;
    /** The header's names, or null without a header. */
    private final String @Nullable [] names;
    private final int columns;
    private final int id;
    private final int textA;
    private final int textB;
    private final int label;

    Reader(LineReader lines, GlueTask task, BadRows bad) throws IOException {
      super(lines, bad);
      this.task = task;
      if (task.header()) {
        String header = lines.next();
        if (header == null || header.isBlank()) {
          throw DataFileException.atLine(
              lines.file(), Math.max(1, lines.number()), "expected a header line naming the columns of " + task.name() + ", found " + (header == null ? "an empty file" : "a blank line"));
        }
        names = header.split("\t", -1);
        columns = names.length;
      } else {
        names = null;
        columns = task.columns();
      }
      GlueTask.Column idColumn = task.id();
      id = idColumn == null ? -1 : idColumn.name() != null ? indexOf(idColumn.name()) : idColumn.index();
      textA = resolve(task.textA());
      textB = resolve(task.textB());
      label = resolve(task.label());
    }

    private int indexOf(String name) {
      for (int i = 0; names != null && i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    /** The 0-based position of {@code column}, -1 for none; a missing named column stops the read. */
    private int resolve(GlueTask.@Nullable Column column) throws DataFileException {
      if (column == null) {
        return -1;
      }
      if (column.name() == null) {
        if (column.index() >= columns) {
          throw DataFileException.atLine(lines.file(), 1, task.name() + " reads " + column + ", but the header has " + columns + " columns");
        }
        return column.index();
      }
      int index = indexOf(column.name());
      if (index < 0) {
        throw DataFileException.atLine(
            lines.file(), 1, "the header has no column " + column + ", which " + task.name() + " reads (it has: " + JsonLines.shorten(String.join(", ", names)) + ")");
      }
      return index;
    }

    private DataFileException bad(String problem) {
      return DataFileException.atLine(lines.file(), lines.number(), problem);
    }

    /** How messages name column {@code index}: {@code "sentence1" (column 9)} or {@code column 4}. */
    private String describe(int index) {
      return names != null ? "\"" + names[index] + "\" (column " + (index + 1) + ")" : "column " + (index + 1);
    }

    @Override
    protected GlueExample parse(String line) throws DataFileException {
      String[] fields = line.split("\t", -1);
      if (fields.length != columns) {
        throw bad(
            "expected " + columns + " tab-separated columns" + (names != null ? " (as the header has)" : " (" + task.name() + " has no header)")
                + ", found " + fields.length + (fields.length == 1 ? " (no tab in the line)" : ""));
      }
      String a = text(fields, textA);
      String b = textB < 0 ? null : text(fields, textB);
      String rowId = id < 0 ? null : fields[id];
      int labelIndex = GlueExample.NO_LABEL;
      float score = Float.NaN;
      if (label >= 0) {
        String value = fields[label];
        if (task.regression()) {
          score = score(value);
        } else {
          labelIndex = task.labels().indexOf(value);
          if (labelIndex < 0) {
            throw bad(
                "unknown label \"" + JsonLines.shorten(value) + "\" in " + describe(label) + "; " + task.name() + "'s labels: "
                    + String.join(", ", task.labels()));
          }
        }
      }
      return new GlueExample(rowId, a, b, labelIndex, score, lines.file() + ":" + lines.number());
    }

    private String text(String[] fields, int index) throws DataFileException {
      if (fields[index].isBlank()) {
        throw bad(describe(index) + " is empty");
      }
      return fields[index];
    }

    private float score(String value) throws DataFileException {
      float score;
      try {
        score = Float.parseFloat(value.strip());
      } catch (NumberFormatException e) {
        throw bad("score \"" + JsonLines.shorten(value) + "\" in " + describe(label) + " is not a number");
      }
      if (!(score >= task.minScore() && score <= task.maxScore())) {
        throw bad("score " + value + " in " + describe(label) + " is not in " + task.minScore() + ".." + task.maxScore());
      }
      return score;
    }
  }
}
