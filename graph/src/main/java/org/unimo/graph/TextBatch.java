package org.unimo.graph;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.List;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.rewriting.tokenizer.SpecialIds;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * A batch of texts as the graph takes them: {@code [CLS] w1 ... wn [SEP]} padded to the maximum
 * length, and the padding mask. Row-major arrays of {@code size() * maxLength()}.
 */
public record TextBatch(int[] tokenIds, float[] mask, int size, int maxLength) {
  public TextBatch {
    requireNonNull(tokenIds, "tokenIds");
    requireNonNull(mask, "mask");
    if (tokenIds.length != size * maxLength || mask.length != size * maxLength) {
      throw new IllegalArgumentException(
          "a text batch of " + size + " x " + maxLength + " needs that many ids and mask values");
    }
  }

  /** Tokenizes {@code texts}; a text longer than {@code maxLength - 2} subwords is truncated. */
  public static TextBatch encode(Tokenizer tokenizer, List<String> texts, int maxLength) {
    int[][] pieces = new int[texts.size()][];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = tokenizer.encode(texts.get(i));
    }
    return of(pieces, maxLength, tokenizer.specials());
  }

  /**
   * Tokenizes text pairs as {@code [CLS] first [SEP] second [SEP]} (a null second: the first
   * alone); a pair longer than {@code maxLength - 2} subwords loses the end of its second text.
   */
  public static TextBatch encodePairs(
      Tokenizer tokenizer, List<String> first, List<? extends @Nullable String> second, int maxLength) {
    if (first.size() != second.size()) {
      throw new IllegalArgumentException(first.size() + " first texts and " + second.size() + " second texts");
    }
    int[][] pieces = new int[first.size()][];
    for (int i = 0; i < pieces.length; i++) {
      String b = second.get(i);
      pieces[i] = b == null ? tokenizer.encode(first.get(i)) : joined(tokenizer.encode(first.get(i)), tokenizer.encode(b), tokenizer.specials());
    }
    return of(pieces, maxLength, tokenizer.specials());
  }

  /** The subwords of a pair without its outer specials: {@code first [SEP] second}. */
  public static int[] joined(int[] first, int[] second, SpecialIds specials) {
    int[] ids = new int[first.length + 1 + second.length];
    System.arraycopy(first, 0, ids, 0, first.length);
    ids[first.length] = specials.sep();
    System.arraycopy(second, 0, ids, first.length + 1, second.length);
    return ids;
  }

  /**
   * A source and its target as one generation example's subwords, {@code source [SEP] target}
   * ({@link #of} frames them with [CLS] and [SEP]), cut to fit {@code maxLength}: of the room
   * {@code maxLength - 3}, the target keeps what the source leaves but at least half (or all of
   * itself, if shorter), and the source keeps the rest.
   */
  public static int[] sourceTarget(int[] source, int[] target, int maxLength, SpecialIds specials) {
    int room = maxLength - 3;
    if (room < 2) {
      throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for a source and a target");
    }
    int targetKept = Math.min(target.length, Math.max(room - source.length, room / 2));
    int sourceKept = Math.min(source.length, room - targetKept);
    return joined(java.util.Arrays.copyOf(source, sourceKept), java.util.Arrays.copyOf(target, targetKept), specials);
  }

  /**
   * The subwords a source of {@code sourceLength} keeps when its target is yet to be generated:
   * all that leave {@code maxTarget} tokens (0: half the room {@code maxLength - 3}) for it.
   */
  public static int sourceKept(int sourceLength, int maxLength, int maxTarget) {
    int room = maxLength - 3;
    int targetRoom = maxTarget > 0 ? Math.min(maxTarget, room) : room / 2;
    return Math.max(0, Math.min(sourceLength, room - targetRoom));
  }

  /**
   * Wraps subword ids (without specials) as {@code [CLS] ids [SEP]} with the tokenizer's special
   * ids, truncating to fit, padding with its [PAD].
   */
  public static TextBatch of(int[][] subwords, int maxLength, SpecialIds specials) {
    if (maxLength < 3) {
      throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for a token");
    }
    int size = subwords.length;
    int[] ids = new int[size * maxLength];
    java.util.Arrays.fill(ids, specials.pad());
    float[] mask = new float[size * maxLength];
    for (int b = 0; b < size; b++) {
      int[] row = wrap(subwords[b], maxLength, specials);
      System.arraycopy(row, 0, ids, b * maxLength, row.length);
      for (int t = 0; t < row.length; t++) {
        mask[b * maxLength + t] = 1f;
      }
    }
    return new TextBatch(ids, mask, size, maxLength);
  }

  /** {@code [CLS] ids [SEP]}, with ids cut to {@code maxLength - 2}. */
  public static int[] wrap(int[] subwords, int maxLength, SpecialIds specials) {
    int kept = Math.min(subwords.length, maxLength - 2);
    int[] row = new int[kept + 2];
    row[0] = specials.cls();
    System.arraycopy(subwords, 0, row, 1, kept);
    row[kept + 1] = specials.sep();
    return row;
  }

  /** A new int32 [B, T] tensor of the token ids; the caller closes it. */
  public TInt32 tokenIdsTensor() {
    return Tensors.ints(tokenIds, size, maxLength);
  }

  /** A new float32 [B, T] tensor of the padding mask; the caller closes it. */
  public TFloat32 maskTensor() {
    return Tensors.floats(mask, size, maxLength);
  }

  /** Rows {@code from} to {@code from + count - 1}, copied: a micro-batch's share. */
  public TextBatch rows(int from, int count) {
    Rows.check(from, count, size);
    return new TextBatch(
        Rows.copy(tokenIds, from, count, maxLength), Rows.copy(mask, from, count, maxLength), count, maxLength);
  }
}
