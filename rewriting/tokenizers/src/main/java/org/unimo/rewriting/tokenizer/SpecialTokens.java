package org.unimo.rewriting.tokenizer;

/**
 * Ids of the special tokens, identical across all {@link Tokenizer} implementations.
 *
 * <p>They occupy the lowest ids so that a model's embedding table can be laid out the same way for
 * every tokenizer, and so that padding is id 0 (what TensorFlow's zero-initialised buffers already
 * contain). Subword ids always start at {@link #COUNT}.
 */
public final class SpecialTokens {
  /** Padding; id 0 so that zero-filled tensors are valid padding. */
  public static final int PAD = 0;

  /** Start of sequence; its final hidden state summarises the sequence. */
  public static final int CLS = 1;

  /** Separator between segments and end of sequence. */
  public static final int SEP = 2;

  /** Replaces input tokens chosen for masked language modelling. */
  public static final int MASK = 3;

  /** Marks where image region features are spliced into a multimodal sequence. */
  public static final int IMG = 4;

  /** Unknown token; byte-level tokenizers never emit it, it exists for a stable id layout. */
  public static final int UNK = 5;

  /** Number of special ids; the first subword id of every tokenizer. */
  public static final int COUNT = 6;

  private static final String[] NAMES = {"[PAD]", "[CLS]", "[SEP]", "[MASK]", "[IMG]", "[UNK]"};

  private SpecialTokens() {}

  /** Returns whether {@code id} is one of the special ids {@code 0 <= id < COUNT}. */
  public static boolean isSpecial(int id) {
    return id >= 0 && id < COUNT;
  }

  /**
   * Returns the display name of a special id, such as {@code "[CLS]"}.
   *
   * @throws IllegalArgumentException if {@code id} is not special
   */
  public static String name(int id) {
    if (!isSpecial(id)) {
      throw new IllegalArgumentException("not a special token id: " + id);
    }
    return NAMES[id];
  }
}
