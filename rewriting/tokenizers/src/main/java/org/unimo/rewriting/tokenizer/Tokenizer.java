package org.unimo.rewriting.tokenizer;

/**
 * Converts text to subword ids and back.
 *
 * <p>In the toolkit's byte-level tokenizers, ids {@code 0 .. SpecialTokens.COUNT - 1} are the
 * {@link SpecialTokens} and subword ids follow; a tokenizer over a pretrained vocabulary ({@link
 * WordPiece}) has its special ids where that vocabulary puts them, so code that needs them asks
 * {@link #specials()}. Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {

  /** The ids of this tokenizer's special tokens ([PAD], [CLS], [SEP], [MASK], [UNK]). */
  default SpecialIds specials() {
    return SpecialIds.TOOLKIT;
  }

  /** Number of ids, special ids included. */
  int vocabSize();

  /**
   * Splits {@code text} into subword ids. No special ids are added (callers frame sequences with
   * {@code CLS}/{@code SEP} themselves), and the result never contains a special id, even when the
   * text spells one out such as {@code "[MASK]"}, with one exception: a tokenizer with a fixed
   * vocabulary ({@link WordPiece}) emits {@code specials().unk()} for a word it cannot cover. The
   * byte-level tokenizers never do.
   */
  int[] encode(String text);

  /**
   * Joins the pieces of {@code ids} back into text, skipping special ids. For the byte-level
   * tokenizers ({@link ByteLevelBpe}, {@link Gpt2Tokenizer}), {@code decode(encode(s)).equals(s)}
   * for every string {@code s}; byte sequences that are not valid UTF-8 (possible only for id
   * sequences that {@code encode} did not produce) decode to U+FFFD. {@link WordPiece} decodes to
   * its normalized form instead (lower-cased and without accents if so configured, punctuation
   * set apart by spaces, unknown words dropped), so the round trip holds only for text already in
   * that form.
   *
   * @throws IllegalArgumentException if an id is negative or not below {@link #vocabSize()}
   */
  String decode(int[] ids);

  /**
   * Short name of the tokenizer family, recorded with models: {@code "byte_bpe"}, {@code
   * "gpt2_r50k"} or {@code "wordpiece"}.
   */
  String kind();

  /**
   * Returns whether the piece of {@code id} begins a new word (for the byte-level tokenizers,
   * whether it starts with whitespace; for {@link WordPiece}, whether it lacks the {@code ##}
   * prefix), so that whole-word masking can keep a word's pieces together. A piece that begins a
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
