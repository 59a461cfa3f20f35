package org.unimo.tasks.cli;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.paraphrase.ApertiumTranslator;
import org.unimo.rewriting.paraphrase.BackTranslator;
import org.unimo.rewriting.paraphrase.Translator;

/** A translator to a pivot language and one back, for back-translated positives; closes both. */
record Translators(@Nullable String pivot, Translator toPivot, Translator fromPivot) implements AutoCloseable {
  BackTranslator backTranslator() {
    return pivot == null ? BackTranslator.of(toPivot, fromPivot) : BackTranslator.via(pivot, toPivot, fromPivot);
  }

  @Override
  public void close() {
    try {
      toPivot.close();
    } finally {
      fromPivot.close();
    }
  }

  /** Apertium both ways for {@code --backtranslate SOURCE-PIVOT}. */
  static Translators apertium(String pair) throws UsageException {
    String[] languages = languages(pair);
    return apertium(languages[0], languages[1]);
  }

  /** The source and pivot of {@code --backtranslate eng-spa}. */
  static String[] languages(String pair) throws UsageException {
    String[] languages = pair.split("-", -1);
    if (languages.length != 2 || languages[0].isEmpty() || languages[1].isEmpty()) {
      throw new UsageException("--backtranslate: '" + pair + "' is not a language pair SOURCE-PIVOT such as eng-spa");
    }
    return languages;
  }

  /** Apertium both ways between {@code source} and {@code pivot}. */
  static Translators apertium(String source, String pivot) throws UsageException {
    String option = "--backtranslate " + source + "-" + pivot;
    try {
      ApertiumTranslator toPivot = ApertiumTranslator.pair(source, pivot);
      try {
        return new Translators(pivot, toPivot, ApertiumTranslator.pair(pivot, source));
      } catch (IOException | RuntimeException e) {
        toPivot.close();
        throw e;
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    }
  }
}
