package org.unimo.tasks.formats;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Malformed content in a data file. The message always starts with where: the file and the line
 * ({@code captions.jsonl:17: needs "caption", a string}), the record of a whole-file JSON document
 * ({@code dataset_coco.json: images[12].sentences[3]: missing "raw"}), or the file alone for a
 * problem of the whole file ({@code captions.json: no captions}). An {@link IOException}, so the
 * command line reports it as invalid input (exit status 2) like a missing file.
 */
public final class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String where;
  private final long line;
  private final String problem;

  private DataFileException(Path file, String where, long line, String problem) {
    super(where + ": " + problem);
    this.file = file;
    this.where = where;
    this.line = line;
    this.problem = problem;
  }

  /** A problem on a line (1-based) of a line-oriented file: {@code file:line: problem}. */
  public static DataFileException atLine(Path file, long line, String problem) {
    return new DataFileException(file, file + ":" + line, line, problem);
  }

  /**
   * A problem in one record of a whole-file document, named by its JSON path: {@code file:
   * annotations[3]: problem}.
   */
  public static DataFileException atRecord(Path file, String record, String problem) {
    return new DataFileException(file, file + ": " + record, 0, problem);
  }

  /** A problem of the file as a whole: {@code file: problem}. */
  public static DataFileException inFile(Path file, String problem) {
    return new DataFileException(file, file.toString(), 0, problem);
  }

  /** The file, as the reader was given it. */
  public Path file() {
    return file;
  }

  /** {@code file:line}, {@code file: record} or {@code file}: the message before the problem. */
  public String where() {
    return where;
  }

  /** The 1-based line, or 0 when the problem is not on a line. */
  public long line() {
    return line;
  }

  /** The message after {@link #where()}. */
  public String problem() {
    return problem;
  }

  /** This exception with {@code cause} attached; for a fluent {@code throw}. */
  DataFileException causedBy(Throwable cause) {
    initCause(cause);
    return this;
  }
}
