package org.unimo.dsl;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec that cannot be used, with every problem found (not just the first).
 *
 * <p>The message lists one problem per line, each as {@code path: message}.
 */
public final class SpecException extends IllegalArgumentException {
  private final ImmutableList<Problem> problems;

  public SpecException(List<Problem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a SpecException needs at least one problem");
    }
    this.problems = ImmutableList.copyOf(problems);
  }

  /** Every problem found, in field order. */
  public ImmutableList<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    String noun = problems.size() == 1 ? "problem" : "problems";
    return problems.size()
        + " "
        + noun
        + " in the spec:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
