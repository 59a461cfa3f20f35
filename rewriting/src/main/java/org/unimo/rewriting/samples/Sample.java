package org.unimo.rewriting.samples;

import static java.util.Objects.requireNonNull;

/**
 * One CMCL sample for an anchor caption: a text, or for {@link SampleKind#IMAGE} an image id,
 * with its kind and where it came from.
 *
 * @param kind what the sample is to the anchor
 * @param value the text of a text sample; the image id of an image sample
 * @param source provenance a reader can check: {@code "wordnet"}, the translation models'
 *     directories, {@code "caption 1234"}, {@code "horse -> cow"}; never blank
 */
public record Sample(SampleKind kind, String value, String source) {
  public Sample {
    requireNonNull(kind, "kind");
    requireNonNull(value, "value");
    requireNonNull(source, "source");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a " + kind.label() + " sample needs a value");
    }
    if (source.isBlank()) {
      throw new IllegalArgumentException("a " + kind.label() + " sample needs a source");
    }
  }
}
