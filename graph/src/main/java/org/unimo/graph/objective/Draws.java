package org.unimo.graph.objective;

import java.util.SplittableRandom;
import org.unimo.graph.Params;

/**
 * The host-side random draws of one batch: every example gets its own stream, keyed on (seed,
 * purpose, step, example).
 *
 * <p>No draw depends on what was drawn before it, so a run resumed at step {@code s} draws exactly
 * what an uninterrupted run draws there (data order, caption choice, masking, sample draws, the
 * mix), and a worker that assembles only a slice of a global batch draws what one process would
 * for those examples. Streams are {@link SplittableRandom}s seeded by a SplitMix64 hash of the key.
 *
 * <p>A purpose is a name (an objective's own, or a data stream's): each objective and each data stream draws under
 * its own, so adding one never shifts another's draws. The names are part of the recorded behaviour
 * of every seed: do not rename them.
 *
 * @param key the hash of (seed, purpose, step); examples extend it
 * @param first the index in the whole batch of this batch's example 0 (a micro-batch's offset)
 */
public record Draws(long key, int first) {
  public Draws(long key) {
    this(key, 0);
  }

  /** The draws for {@code purpose} at {@code step} (an epoch, for the orders). */
  public static Draws of(long seed, String purpose, long step) {
    return new Draws(mix(mix(mix(seed) ^ Params.fnv1a(purpose)) + step));
  }

  /** Draws keyed on a seed alone, for tests and one-off uses. */
  public static Draws seeded(long seed) {
    return new Draws(mix(seed));
  }

  /** The stream of example {@code index}; the same key and index give the same stream. */
  public SplittableRandom example(int index) {
    return stream(first + (long) index);
  }

  /**
   * The draws of a slice of this batch that starts at example {@code offset}: its example {@code
   * b} draws what example {@code offset + b} of this batch draws, so a micro-batch masks and samples
   * its examples as the whole batch would.
   */
  public Draws slice(int offset) {
    return new Draws(key, first + offset);
  }

  /** One stream for a draw that is not per example (the mix, an epoch's order). */
  public SplittableRandom single() {
    return stream(-1);
  }

  private SplittableRandom stream(long index) {
    return new SplittableRandom(mix(key + 0x9E3779B97F4A7C15L * (index + 1L)));
  }

  /** SplitMix64's finalizer: a bijection of 64-bit values that scatters nearby inputs. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
