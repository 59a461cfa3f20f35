package org.unimo.dsl;

/**
 * How a masked-LM objective masks subwords (BERT's 80/10/10 by default).
 *
 * @param rate share of subwords chosen for prediction
 * @param maskShare of the chosen subwords, the share replaced by [MASK]
 * @param randomShare of the chosen subwords, the share replaced by a random subword; the rest kept
 * @param maxPredictions at most this many predictions per sequence
 * @param wholeWord whether whole words (all their subwords) are chosen rather than single subwords
 */
public record TokenMasking(
    float rate, float maskShare, float randomShare, int maxPredictions, boolean wholeWord) {

  /** Checks the masking of the objective at {@code path} (e.g. {@code objectives.masked_lm}). */
  void check(SpecChecks checks, String path, SpecContext context) {
    checks.fraction(path + ".rate", rate);
    checks.fractionOrZero(path + ".mask_share", maskShare);
    checks.fractionOrZero(path + ".random_share", randomShare);
    if (maskShare + randomShare > 1) {
      checks.problem(
          path + ".random_share", randomShare + " + mask_share (" + maskShare + ") exceeds 1");
    }
    checks.positive(path + ".max_predictions", maxPredictions);
    int textLength = context.text().maxLength();
    if (maxPredictions > textLength) {
      checks.problem(
          path + ".max_predictions",
          maxPredictions + " exceeds text.max_length (" + textLength + ")");
    }
  }
}
