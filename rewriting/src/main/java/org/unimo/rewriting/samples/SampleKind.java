package org.unimo.rewriting.samples;

import java.util.Locale;

/**
 * What a CMCL sample is to its anchor pair, and how it was made. The {@link #label()} is the
 * name written in rewrite output ({@code "backtranslation"}, {@code "tfidf"}, ...).
 */
public enum SampleKind {
  /** A positive text: the caption translated to a pivot language and back. */
  BACKTRANSLATION(true, false),
  /** A positive text: the caption with words replaced by WordNet synonyms. */
  PARAPHRASE(true, false),
  /** A positive image: another image whose regions' class labels overlap the anchor's. */
  IMAGE(true, true),
  /** A positive text: a sentence of the text corpus similar to the caption. */
  TEXT(true, false),
  /** A hard negative text: a caption of another image, retrieved by TF-IDF similarity. */
  TFIDF(false, false),
  /** A hard negative text: the caption with one object of its scene graph replaced. */
  OBJECT(false, false),
  /** A hard negative text: the caption with one attribute of its scene graph replaced. */
  ATTRIBUTE(false, false),
  /** A hard negative text: the caption with one relation of its scene graph replaced. */
  RELATION(false, false);

  private final boolean positive;
  private final boolean image;

  SampleKind(boolean positive, boolean image) {
    this.positive = positive;
    this.image = image;
  }

  /** Whether samples of this kind count in CMCL's numerator. */
  public boolean isPositive() {
    return positive;
  }

  /** Whether a sample of this kind names an image (its {@link Sample#value()} is an image id). */
  public boolean isImage() {
    return image;
  }

  /** The lower-case name used in files: {@code "backtranslation"}, {@code "object"}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind whose {@link #label()} is {@code label}.
   *
   * @throws IllegalArgumentException naming the known labels if there is none
   */
  public static SampleKind ofLabel(String label) {
    for (SampleKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    StringBuilder known = new StringBuilder();
    for (SampleKind kind : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(kind.label());
    }
    throw new IllegalArgumentException("unknown sample kind \"" + label + "\"; known: " + known);
  }
}
