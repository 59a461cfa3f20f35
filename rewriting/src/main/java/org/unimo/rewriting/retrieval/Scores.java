package org.unimo.rewriting.retrieval;

/** Scores as written in sample sources. */
final class Scores {
  private Scores() {}

  /** {@code score} with three decimals, "0.830", without {@link String#format}'s cost. */
  static StringBuilder appendScore(StringBuilder out, float score) {
    if (!Float.isFinite(score)) {
      return out.append(score);
    }
    long thousandths = Math.round(Math.abs((double) score) * 1000);
    if (score < 0 && thousandths > 0) {
      out.append('-');
    }
    out.append(thousandths / 1000).append('.');
    long fraction = thousandths % 1000;
    if (fraction < 100) {
      out.append('0');
    }
    if (fraction < 10) {
      out.append('0');
    }
    return out.append(fraction);
  }
}
