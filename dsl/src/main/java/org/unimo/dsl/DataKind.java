package org.unimo.dsl;

import java.util.Locale;

/** The three kinds of data UNIMO learns from; each objective trains on one ({@link ObjectiveSpec#data()}). */
public enum DataKind {
  /** Free text: masked LM, seq2seq LM. */
  TEXT,
  /** Images without text: MRFR, MRC. */
  IMAGE,
  /** Image-text pairs: CMCL, pair masked LM, caption generation. */
  PAIR;

  /** The lower-case name used in op names, metrics and {@code training.mix}: text, image, pair. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
