package org.unimo.tasks.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataReader} of a file with one row per line: blank lines are skipped, every other
 * line is parsed, and a line that does not parse goes to the {@link BadRows} policy (which skips
 * it or stops the read). Subclasses say only how a line parses.
 *
 * @param <T> the row type
 */
public abstract class LineRows<T> implements DataReader<T> {
  protected final LineReader lines;
  private final BadRows bad;
  private @Nullable T next;

  protected LineRows(LineReader lines, BadRows bad) {
    this.lines = lines;
    this.bad = bad;
  }

  /** The row of {@code line} (not blank), or a {@link DataFileException} naming the line. */
  protected abstract T parse(String line) throws DataFileException;

  /** The file being read. */
  public Path file() {
    return lines.file();
  }

  @Override
  public boolean hasNext() throws IOException {
    while (next == null) {
      String line = lines.next();
      if (line == null) {
        return false;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        next = parse(line);
      } catch (DataFileException e) {
        bad.reject(e);
      }
    }
    return true;
  }

  @Override
  public T next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException(file() + ": no more rows");
    }
    T row = next;
    next = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
