package org.unimo.rewriting.tokenizer;

/**
 * Converts text to subword ids and back.
 *
 * <p>Ids {@code 0 .. SpecialTokens.COUNT - 1} are the {@link SpecialTokens}; subword ids follow.
 * Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {

  /** The ids of this tokenizer's special tokens ([PAD], [CLS], [SEP], [MASK], [UNK]). */
  default SpecialIds specials() {
    return SpecialIds.TOOLKIT;
  }

  /** Number of ids, including the {@link SpecialTokens#COUNT} special ids. */
  int vocabSize();

  /**
   * Splits {@code text} into subword ids. No special ids are added (callers frame sequences with
   * {@code CLS}/{@code SEP} themselves), and the result never contains a special id, even when the
   * text spells one out such as {@code "[MASK]"}.
   */
  int[] encode(String text);

  /**
   * Joins the pieces of {@code ids} back into text, skipping special ids. For every string {@code
   * s}, {@code decode(encode(s)).equals(s)}; byte sequences that are not valid UTF-8 (possible only
   * for id sequences that {@code encode} did not produce) decode to U+FFFD.
   *
   * @throws IllegalArgumentException if an id is negative or not below {@link #vocabSize()}
   */
  String decode(int[] ids);

  /**
   * Short name of the tokenizer family, recorded with models: {@code "byte_bpe"} or {@code
   * "gpt2_r50k"}.
   */
  String kind();

  /**
   * Returns whether the piece of {@code id} begins a new word, that is whether it starts with
   * whitespace, so that whole-word masking can keep a word's pieces together. A piece that begins a
   * sequence also begins a word even if this returns false; {@link #wordStarts(int[])} accounts for
   * that. Special ids return true: nothing continues them.
   *
   * @throws IllegalArgumentException if {@code id} is negative or not below {@link #vocabSize()}
   */
  boolean startsWord(int id);

  /**
   * Marks, for each position of {@code ids}, whether a new word starts there: where {@link
   * #startsWord(int)} holds, at the first position, and right after a special id (a word cannot
   * straddle {@code [CLS]} or {@code [SEP]}).
   */
  default boolean[] wordStarts(int[] ids) {
    boolean[] starts = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      // startsWord first: it validates every id, including the one at position 0.
      starts[i] = startsWord(ids[i]) || i == 0 || specials().isSpecial(ids[i - 1]);
    }
    return starts;
  }
}
