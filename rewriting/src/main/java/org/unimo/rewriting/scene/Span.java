package org.unimo.rewriting.scene;

/**
 * A half-open range {@code [start, end)} of token indices in a {@link ParsedCaption}.
 *
 * @param start index of the first token
 * @param end index just past the last token; greater than {@code start}
 */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
    }
  }

  /** The span of the single token {@code index}. */
  public static Span of(int index) {
    return new Span(index, index + 1);
  }

  /** How many tokens the span covers. */
  public int length() {
    return end - start;
  }
}
