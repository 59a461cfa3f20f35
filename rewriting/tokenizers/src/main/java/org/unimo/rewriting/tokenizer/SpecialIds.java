package org.unimo.rewriting.tokenizer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ids of a tokenizer's special tokens. They belong to the tokenizer: the toolkit's own
 * tokenizers put them at 0-5 ({@link #TOOLKIT}); BERT's WordPiece vocabulary has [PAD] 0, [UNK] 100,
 * [CLS] 101, [SEP] 102, [MASK] 103.
 *
 * <p>The image token is not among them: it has its own embedding row in the model, outside the word
 * table, so that a pretrained vocabulary without one loads as it is.
 *
 * @param all every special id, sorted; none of them is ever masked, predicted or drawn as a random
 *     replacement
 */
public record SpecialIds(int pad, int cls, int sep, int mask, int unk, int[] all) {
  /** The toolkit's tokenizers (byte-level BPE, GPT-2's BPE): {@link SpecialTokens}' ids 0-5. */
  public static final SpecialIds TOOLKIT =
      new SpecialIds(
          SpecialTokens.PAD,
          SpecialTokens.CLS,
          SpecialTokens.SEP,
          SpecialTokens.MASK,
          SpecialTokens.UNK,
          new int[] {0, 1, 2, 3, 4, 5});

  public SpecialIds {
    all = all.clone();
    Arrays.sort(all);
  }

  /** Whether {@code id} is special. */
  public boolean isSpecial(int id) {
    return Arrays.binarySearch(all, id) >= 0;
  }

  /** A uniformly drawn id below {@code vocabSize} that is not special. */
  public int randomRegular(SplittableRandom random, int vocabSize) {
    int contiguous = 0;
    while (contiguous < all.length && all[contiguous] == contiguous) {
      contiguous++;
    }
    if (contiguous == all.length) {
      return contiguous + random.nextInt(vocabSize - contiguous);
    }
    int id;
    do {
      id = random.nextInt(vocabSize);
    } while (isSpecial(id));
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpecialIds other
        && pad == other.pad
        && cls == other.cls
        && sep == other.sep
        && mask == other.mask
        && unk == other.unk
        && Arrays.equals(all, other.all);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(all) * 31 + cls;
  }

  @Override
  public String toString() {
    return "SpecialIds[pad=" + pad + ", cls=" + cls + ", sep=" + sep + ", mask=" + mask + ", unk=" + unk + "]";
  }
}
