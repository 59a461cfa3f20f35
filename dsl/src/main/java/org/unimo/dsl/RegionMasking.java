package org.unimo.dsl;

/**
 * An objective on images that masks regions. All such objectives of a spec share one region
 * masking, so the validator requires their rates to be equal.
 */
public interface RegionMasking {
  /** Share of an image's regions masked (at least one). */
  float rate();
}
