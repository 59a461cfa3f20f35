package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * A caption retrieved for an anchor caption: a TF-IDF hard negative.
 *
 * @param index the caption's position in the mined corpus, from 0
 * @param imageId the image it describes (never the anchor's image)
 * @param text the caption
 * @param score its TF-IDF score against the anchor (see the package documentation)
 */
public record Neighbour(long index, String imageId, String text, float score) {
  public Neighbour {
    requireNonNull(imageId, "imageId");
    requireNonNull(text, "text");
  }

  /** This caption as a {@link SampleKind#TFIDF} sample: "caption 1234 (image 57), score 0.830". */
  public Sample toSample() {
    StringBuilder source = new StringBuilder(48);
    source.append("caption ").append(index).append(" (image ").append(imageId).append("), score ");
    return new Sample(SampleKind.TFIDF, text, Scores.appendScore(source, score).toString());
  }
}
