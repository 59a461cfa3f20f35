package org.unimo.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of a spec while it is validated; each section (and each objective, in
 * {@link ObjectiveSpec#check}) reports its own, with the dotted path of the offending field.
 *
 * <pre>{@code
 * checks.fraction(path + ".rate", rate);
 * if (classes < 2) {
 *   checks.problem(path + ".classes", classes + " must be at least 2");
 * }
 * }</pre>
 */
public final class SpecChecks {
  private final List<Problem> problems = new ArrayList<>();

  SpecChecks() {}

  /** Reports that the field at {@code path} is wrong, saying why (with the offending values). */
  public void problem(String path, String message) {
    problems.add(new Problem(path, message));
  }

  /** {@code value > 0}. */
  public void positive(String path, long value) {
    if (value <= 0) {
      problem(path, value + " must be positive");
    }
  }

  /** {@code value > 0} (and not NaN). */
  public void positive(String path, double value) {
    if (!(value > 0)) {
      problem(path, show(value) + " must be positive");
    }
  }

  /** {@code value >= 0} (and not NaN). */
  public void nonNegative(String path, double value) {
    if (!(value >= 0)) {
      problem(path, show(value) + " must not be negative");
    }
  }

  /** {@code value} in (0, 1): a rate that must select something and not everything. */
  public void fraction(String path, double value) {
    if (!(value > 0 && value < 1)) {
      problem(path, show(value) + " must be in (0, 1)");
    }
  }

  /** {@code value} in [0, 1): a share or a dropout, which may be zero. */
  public void fractionOrZero(String path, double value) {
    if (!(value >= 0 && value < 1)) {
      problem(path, show(value) + " must be in [0, 1)");
    }
  }

  /** A value as the spec writes it: a float field's value as a float (0.07, not 0.0700000003). */
  static String show(double value) {
    float asFloat = (float) value;
    return (double) asFloat == value ? String.valueOf(asFloat) : String.valueOf(value);
  }

  /** Every problem so far, in the order reported. */
  List<Problem> problems() {
    return List.copyOf(problems);
  }
}
