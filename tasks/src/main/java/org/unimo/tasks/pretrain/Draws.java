package org.unimo.tasks.pretrain;

import java.util.SplittableRandom;

/**
 * The host-side random draws of one batch: every example gets its own stream, keyed on (seed,
 * purpose, step, example).
 *
 * <p>No draw depends on what was drawn before it, so a run resumed at step {@code s} draws exactly
 * what an uninterrupted run draws there (data order, caption choice, masking, sample draws, the
 * mix), and a worker that assembles only a slice of a global batch draws what one process would
 * for those examples. Streams are {@link SplittableRandom}s seeded by a SplitMix64 hash of the key.
 *
 * @param key the hash of (seed, purpose, step); examples extend it
 */
public record Draws(long key) {
  /**
   * What a draw is for: each purpose its own streams. The ids are part of the recorded behaviour
   * of every seed: never renumber them.
   */
  public enum Purpose {
    /** {@code training.mix}: the kind of data of a step. */
    MIX(1),
    /** The order of the training pairs (per epoch). */
    PAIR_ORDER(2),
    /** Which caption of an image a pair uses. */
    CAPTION(3),
    /** The order of the texts for masked LM (per epoch). */
    MLM_ORDER(4),
    /** Masked LM positions and replacements on text. */
    MLM(5),
    /** The order of the texts for seq2seq LM (per epoch). */
    SEQ2SEQ_ORDER(6),
    /** Where seq2seq splits a sentence into source and target. */
    SEQ2SEQ(7),
    /** The order of the images without text (per epoch). */
    IMAGE_ORDER(8),
    /** Which regions MRFR and MRC mask. */
    REGIONS(9),
    /** Masked LM positions on the captions of pairs. */
    PAIR_MLM(10),
    /** Which CMCL samples a pair draws from its sample set. */
    CMCL_SAMPLES(11);

    private final long id;

    Purpose(long id) {
      this.id = id;
    }
  }

  /** The draws for {@code purpose} at {@code step} (an epoch, for the orders). */
  public static Draws of(long seed, Purpose purpose, long step) {
    return new Draws(mix(mix(mix(seed) ^ purpose.id) + step));
  }

  /** Draws keyed on a seed alone, for tests and one-off uses. */
  public static Draws seeded(long seed) {
    return new Draws(mix(seed));
  }

  /** The stream of example {@code index}; the same key and index give the same stream. */
  public SplittableRandom example(int index) {
    return new SplittableRandom(mix(key + 0x9E3779B97F4A7C15L * (index + 1L)));
  }

  /** One stream for a draw that is not per example (the mix, an epoch's order). */
  public SplittableRandom single() {
    return example(-1);
  }

  /** SplitMix64's finalizer: a bijection of 64-bit values that scatters nearby inputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
