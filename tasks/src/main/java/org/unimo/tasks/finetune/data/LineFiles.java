package org.unimo.tasks.finetune.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;
import org.unimo.tasks.formats.LineReader;

/**
 * Source and target line files, as summarization and headline data sets ship them: CNN/DailyMail
 * ({@code train.source} / {@code train.target}, an article and its summary per line) and Gigaword
 * ({@code train.src} / {@code train.tgt}, a sentence and its headline). Line {@code n} of the
 * target belongs to line {@code n} of the source.
 *
 * <p>Lines are kept as written, without their ending ({@code \n} or {@code \r\n}); a leading
 * UTF-8 byte-order mark is dropped. Both files are decoded as strict UTF-8 and read as gzip when
 * the name ends in {@code .gz}. A pair with a blank source or target line is a bad row for the
 * {@link BadRows} policy, named by the blank line's file and number ({@code train.tgt:17: blank
 * target line (its source: train.src:17)}). The read stops, naming file and line, at bytes that are
 * not UTF-8 (skipping the line would put the rest of the pairs out of step) and when one file ends
 * before the other, naming both ({@code train.tgt:999: the target ends after line 999, but
 * train.src goes on at line 1000}).
 *
 * <pre>{@code
 * Path source = Path.of("cnn_dm/train.source");
 * List<SourceTarget> train = LineFiles.read(source, LineFiles.targetOf(source), BadRows.skip());
 * }</pre>
 */
public final class LineFiles {
  private LineFiles() {}

  /**
   * Opens the two files to read their pairs one by one.
   *
   * @throws java.nio.file.NoSuchFileException if either does not exist
   */
  public static DataReader<SourceTarget> open(Path source, Path target, BadRows bad) throws IOException {
    LineReader sources = LineReader.open(source, BadRows.fail());
    try {
      return new Reader(sources, LineReader.open(target, BadRows.fail()), bad);
    } catch (IOException | RuntimeException e) {
      sources.close();
      throw e;
    }
  }

  /**
   * Every pair of the two files, in file order.
   *
   * @throws DataFileException also when there is no pair (naming the source file)
   */
  public static List<SourceTarget> read(Path source, Path target, BadRows bad) throws IOException {
    return DataReader.readAll(open(source, target, bad), source, bad);
  }

  /**
   * The target file of {@code source}, beside it: {@code x.src} gives {@code x.tgt}, {@code
   * x.source} gives {@code x.target}, and the same with {@code .gz} after ({@code x.src.gz} gives
   * {@code x.tgt.gz}). So that a task can list only its source files.
   *
   * @throws IllegalArgumentException if the name ends otherwise
   */
  public static Path targetOf(Path source) {
    Path name = source.getFileName();
    String text = name == null ? "" : name.toString();
    String gz = text.endsWith(".gz") ? ".gz" : "";
    String base = text.substring(0, text.length() - gz.length());
    String target;
    if (base.endsWith(".src") && base.length() > 4) {
      target = base.substring(0, base.length() - 4) + ".tgt" + gz;
    } else if (base.endsWith(".source") && base.length() > 7) {
      target = base.substring(0, base.length() - 7) + ".target" + gz;
    } else {
      throw new IllegalArgumentException(
          "cannot tell the target file of " + source + ": a source file's name ends in .src or .source (maybe then .gz)");
    }
    return source.resolveSibling(target);
  }

  /** Both files a line at a time. Not thread-safe. */
  private static final class Reader implements DataReader<SourceTarget> {
    private final LineReader sources;
    private final LineReader targets;
    private final BadRows bad;
    private @Nullable SourceTarget next;

    Reader(LineReader sources, LineReader targets, BadRows bad) {
      this.sources = sources;
      this.targets = targets;
      this.bad = bad;
    }

    @Override
    public boolean hasNext() throws IOException {
      while (next == null) {
        String source = sources.next();
        String target = targets.next();
        if (source == null && target == null) {
          return false;
        }
        if (source == null || target == null) {
          throw uneven(source == null);
        }
        long line = sources.number();
        String where = sources.file() + ":" + line + ", " + targets.file() + ":" + line;
        if (source.isBlank()) {
          bad.reject(DataFileException.atLine(sources.file(), line, "blank source line (its target: " + targets.file() + ":" + line + ")"));
        } else if (target.isBlank()) {
          bad.reject(DataFileException.atLine(targets.file(), line, "blank target line (its source: " + sources.file() + ":" + line + ")"));
        } else {
          next = new SourceTarget(source, target, where);
        }
      }
      return true;
    }

    /** One file ended ({@code sourceEnded} says which) while the other has a line more. */
    private DataFileException uneven(boolean sourceEnded) {
      LineReader ended = sourceEnded ? sources : targets;
      LineReader longer = sourceEnded ? targets : sources;
      long last = longer.number() - 1;
      String which = sourceEnded ? "the source" : "the target";
      String goesOn = ", but " + longer.file() + " goes on at line " + longer.number();
      return last == 0
          ? DataFileException.inFile(ended.file(), which + " has no lines" + goesOn)
          : DataFileException.atLine(ended.file(), last, which + " ends after line " + last + goesOn);
    }

    @Override
    public SourceTarget next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("no more lines in " + sources.file() + " and " + targets.file());
      }
      SourceTarget pair = next;
      next = null;
      return pair;
    }

    @Override
    public void close() throws IOException {
      try {
        sources.close();
      } finally {
        targets.close();
      }
    }
  }
}
