package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

/**
 * One line of a source file with the same line of its target file: an article and its summary
 * (CNN/DailyMail), a sentence and its headline (Gigaword).
 *
 * @param source the source line, as written (without its line ending), never blank
 * @param target the target line, as written, never blank
 * @param where {@code source:line, target:line} ({@code train.src:17, train.tgt:17}), for
 *     messages about this pair
 */
public record SourceTarget(String source, String target, String where) {
  public SourceTarget {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    requireNonNull(where, "where");
  }
}
