package org.unimo.tasks.formats;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader does with a malformed row (a line, an annotation, a sentence): {@link #fail()}
 * stops at the first one, {@link #skip()} counts it, keeps its message (the first {@value
 * #KEPT_MESSAGES}) and goes on. Problems of a whole file (truncated gzip, a document that does not
 * parse) always stop the read.
 *
 * <p>One {@code skip()} policy can be shared by the readers of several files, so that {@link
 * #report()} sums up a whole data set. Not thread-safe.
 *
 * <pre>{@code
 * BadRows bad = BadRows.skip();
 * for (Path file : Globs.expand("features/*.tsv.gz")) {
 *   try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, 2048, bad)) {
 *     while (rows.hasNext()) {
 *       consume(rows.next());
 *     }
 *   }
 * }
 * if (bad.count() > 0) {
 *   System.err.println(bad.report()); // skipped 3 bad rows: features/a.tsv.gz:7: ...
 * }
 * }</pre>
 */
public final class BadRows {
  /** How many messages {@link #skip()} keeps for the report. */
  public static final int KEPT_MESSAGES = 10;

  private final boolean skipping;
  private final List<String> messages = new ArrayList<>();
  private long count;

  private BadRows(boolean skipping) {
    this.skipping = skipping;
  }

  /** The first bad row throws its {@link DataFileException}. */
  public static BadRows fail() {
    return new BadRows(false);
  }

  /** Bad rows are left out and counted; a new, empty tally. */
  public static BadRows skip() {
    return new BadRows(true);
  }

  /** Whether bad rows are skipped rather than thrown. */
  public boolean skipping() {
    return skipping;
  }

  /**
   * Called by a reader for each bad row.
   *
   * @throws DataFileException {@code problem} itself, unless skipping
   */
  public void reject(DataFileException problem) throws DataFileException {
    if (!skipping) {
      throw problem;
    }
    count++;
    if (messages.size() < KEPT_MESSAGES) {
      messages.add(problem.getMessage());
    }
  }

  /** Bad rows skipped so far (0 for {@link #fail()}: it never gets past one). */
  public long count() {
    return count;
  }

  /** The messages of the first {@value #KEPT_MESSAGES} skipped rows, in the order met. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /**
   * A short summary for people: {@code "no bad rows"}, or {@code "skipped 3 bad rows:
   * features.tsv:7: ..."} with each kept message on a line of its own and how many more there were.
   */
  public String report() {
    if (count == 0) {
      return "no bad rows";
    }
    StringBuilder report =
        new StringBuilder("skipped " + count + (count == 1 ? " bad row: " : " bad rows: ")).append(messages.get(0));
    for (String message : messages.subList(1, messages.size())) {
      report.append("\n  ").append(message);
    }
    if (count > messages.size()) {
      report.append("\n  ... and ").append(count - messages.size()).append(" more");
    }
    return report.toString();
  }

  @Override
  public String toString() {
    return skipping ? "BadRows.skip(" + count + " skipped)" : "BadRows.fail()";
  }
}
