package org.unimo.tasks.formats;

import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The rows of one file, read one at a time: an iterator whose methods may throw the reader's
 * {@link IOException}s ({@link DataFileException} for malformed content), which {@link
 * java.util.Iterator} cannot. Close it when done; closing early is fine.
 *
 * <pre>{@code
 * try (DataReader<String> texts = TextCorpora.open(Path.of("corpus.txt.gz"), BadRows.fail())) {
 *   while (texts.hasNext()) {
 *     System.out.println(texts.next());
 *   }
 * }
 * }</pre>
 *
 * @param <T> the row type
 */
public interface DataReader<T> extends Closeable {
  /** Whether there is another row; reads ahead to it, skipping bad rows if the policy says so. */
  boolean hasNext() throws IOException;

  /**
   * The next row.
   *
   * @throws NoSuchElementException at the end of the file
   */
  T next() throws IOException;

  /**
   * Every row of {@code rows}, which it closes.
   *
   * @throws DataFileException also when there is none, saying how many bad rows {@code bad}
   *     skipped meanwhile
   */
  static <T> java.util.List<T> readAll(DataReader<T> rows, java.nio.file.Path file, BadRows bad) throws IOException {
    long badBefore = bad.count();
    java.util.List<T> all = new java.util.ArrayList<>();
    try (rows) {
      while (rows.hasNext()) {
        all.add(rows.next());
      }
    }
    if (all.isEmpty()) {
      long skipped = bad.count() - badBefore;
      throw DataFileException.inFile(file, "no examples" + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    return all;
  }
}
