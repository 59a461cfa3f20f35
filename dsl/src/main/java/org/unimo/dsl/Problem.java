package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a spec: the path of the offending field and what is wrong with it.
 *
 * @param path dotted field path in the text format, e.g. {@code encoder.hidden}
 * @param message what is wrong, with the offending values, e.g. {@code 250 is not divisible by
 *     encoder.heads (12)}
 */
public record Problem(String path, String message) {
  public Problem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /** {@code path: message}, the form every tool prints. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
