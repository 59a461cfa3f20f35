package org.unimo.rewriting.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;

/**
 * GPT-2's byte-level BPE ({@code r50k_base}), whose ranks ship inside the jtokkit jar, so loading
 * needs no network.
 *
 * <p>Ids are shifted to make room for the {@link SpecialTokens}: id {@code g} of GPT-2 is {@code g
 * + 6} here, and {@link #vocabSize()} is {@code 50257 + 6}. GPT-2's own {@code <|endoftext|>}
 * ({@code 50256 + 6}) is never produced by {@link #encode}: text that spells it out is encoded as
 * ordinary text, so user input cannot inject a document boundary.
 *
 * <p>The instance is immutable and thread-safe; {@link #load()} returns a shared one.
 */
public final class Gpt2Tokenizer implements Tokenizer {
  /** Ids in r50k_base, including {@code <|endoftext|>}. */
  private static final int GPT2_VOCAB = 50257;

  private static final int OFFSET = SpecialTokens.COUNT;

  /** Loading parses 50k base64 ranks (a few hundred ms); do it once per JVM, on first use. */
  private static final class Holder {
    static final Gpt2Tokenizer INSTANCE = new Gpt2Tokenizer();
  }

  private final Encoding encoding;

  /** Bytes of each of our ids' pieces; empty for specials. */
  private final byte[][] pieces;

  private final boolean[] wordStart;

  /** Our id of the single-byte piece for each byte value. */
  private final int[] byteIds = new int[256];

  private Gpt2Tokenizer() {
    this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    this.pieces = new byte[OFFSET + GPT2_VOCAB][];
    this.wordStart = new boolean[pieces.length];
    Arrays.fill(byteIds, -1);
    IntArrayList one = new IntArrayList(1);
    one.add(0);
    for (int id = 0; id < pieces.length; id++) {
      if (SpecialTokens.isSpecial(id)) {
        pieces[id] = new byte[0];
        wordStart[id] = true;
        continue;
      }
      one.set(0, id - OFFSET);
      byte[] p = encoding.decodeBytes(one);
      pieces[id] = p;
      wordStart[id] = Utf8.startsWithAsciiWhitespace(p);
      if (p.length == 1) {
        byteIds[p[0] & 0xFF] = id;
      }
    }
    for (int b = 0; b < 256; b++) {
      if (byteIds[b] < 0) {
        throw new IllegalStateException("r50k_base has no token for byte " + b);
      }
    }
  }

  /** Returns the shared GPT-2 tokenizer, loading its ranks from the jtokkit jar on first call. */
  public static Gpt2Tokenizer load() {
    return Holder.INSTANCE;
  }

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  @Override
  public int[] encode(String text) {
    IntArrayList out = new IntArrayList(Math.max(16, text.length() / 3));
    int n = text.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a well-formed pair
        continue;
      }
      // jtokkit encodes through standard UTF-8, which would turn an unpaired surrogate into '?'.
      // Encode the text around it normally and the surrogate itself as its three raw bytes.
      encodeWellFormed(text.substring(start, i), out);
      for (byte b : Utf8.encode(String.valueOf(c))) {
        out.add(byteIds[b & 0xFF]);
      }
      start = i + 1;
    }
    encodeWellFormed(start == 0 ? text : text.substring(start), out);
    return out.toArray();
  }

  private void encodeWellFormed(String text, IntArrayList out) {
    if (text.isEmpty()) {
      return;
    }
    // encodeOrdinary: treat "<|endoftext|>" as plain text rather than throwing or emitting it.
    IntArrayList ids = encoding.encodeOrdinary(text);
    for (int i = 0; i < ids.size(); i++) {
      out.add(ids.get(i) + OFFSET);
    }
  }

  @Override
  public String decode(int[] ids) {
    return Utf8.decodePieces(
        ids,
        id -> {
          checkId(id);
          return pieces[id];
        });
  }

  @Override
  public String kind() {
    return "gpt2_r50k";
  }

  @Override
  public boolean startsWord(int id) {
    checkId(id);
    return wordStart[id];
  }

  private void checkId(int id) {
    if (id < 0 || id >= pieces.length) {
      throw new IllegalArgumentException(
          "token id " + id + " out of range [0, " + pieces.length + ")");
    }
  }

  @Override
  public String toString() {
    return "Gpt2Tokenizer[r50k_base, vocabSize=" + vocabSize() + "]";
  }
}
