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
}
