package org.unimo.rewriting.tokenizer;

/**
 * UTF-8 that also carries unpaired surrogates (the WTF-8 encoding), so that byte-level tokenizers
 * can round-trip every Java {@link String}.
 *
 * <p>{@link java.nio.charset.StandardCharsets#UTF_8} replaces an unpaired surrogate with {@code
 * '?'}, which would break {@code decode(encode(s)) == s} for strings cut in the middle of an emoji,
 * a situation that does occur when captions are truncated by character count. Here an unpaired
 * surrogate is written as the three-byte form of its code unit, and read back as that code unit.
 * Well-formed strings produce exactly the bytes of standard UTF-8.
 */
final class Utf8 {
  private static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /** Encodes {@code s}; unpaired surrogates become three bytes ({@code ED A0..BF 80..BF}). */
  static byte[] encode(String s) {
    int n = s.length();
    // Fast path: ASCII text, the common case for captions, needs no multi-byte work.
    int ascii = 0;
    while (ascii < n && s.charAt(ascii) < 0x80) {
      ascii++;
    }
    if (ascii == n) {
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = (byte) s.charAt(i);
      }
      return out;
    }
    byte[] out = new byte[n * 3]; // a char never needs more than 3 bytes; a pair needs 4 for 2
    int w = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[w++] = (byte) c;
      } else if (c < 0x800) {
        out[w++] = (byte) (0xC0 | (c >> 6));
        out[w++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[w++] = (byte) (0xF0 | (cp >> 18));
        out[w++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[w++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[w++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // Includes unpaired surrogates, deliberately encoded like any other BMP code unit.
        out[w++] = (byte) (0xE0 | (c >> 12));
        out[w++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[w++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return java.util.Arrays.copyOf(out, w);
  }

  /**
   * Decodes the concatenation of the byte pieces of {@code ids}, as {@link #decode(byte[], int)}
   * does: what every byte-level tokenizer's {@code decode} is.
   *
   * @param piece the bytes of one id; throws for an id out of range
   */
  static String decodePieces(int[] ids, java.util.function.IntFunction<byte[]> piece) {
    int len = 0;
    for (int id : ids) {
      len += piece.apply(id).length;
    }
    byte[] bytes = new byte[len];
    int w = 0;
    for (int id : ids) {
      byte[] p = piece.apply(id);
      System.arraycopy(p, 0, bytes, w, p.length);
      w += p.length;
    }
    return decode(bytes, len);
  }

  /**
   * Decodes the first {@code len} bytes of {@code b}. Three-byte surrogate forms decode to the
   * surrogate code unit (the inverse of {@link #encode}); any other ill-formed sequence decodes to
   * one U+FFFD per maximal ill-formed subpart, as the Unicode standard recommends.
   */
  static String decode(byte[] b, int len) {
    StringBuilder sb = new StringBuilder(len);
    int i = 0;
    while (i < len) {
      int b0 = b[i] & 0xFF;
      if (b0 < 0x80) {
        sb.append((char) b0);
        i++;
        continue;
      }
      int need;
      int cp;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
      } else {
        sb.append(REPLACEMENT);
        i++;
        continue;
      }
      // The second byte's range excludes overlong forms and code points above U+10FFFF; unlike
      // strict UTF-8 it admits ED A0..BF, the surrogates that encode() may have written.
      int lo = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
      int hi = b0 == 0xF4 ? 0x8F : 0xBF;
      int j = i + 1;
      int got = 0;
      while (got < need && j < len) {
        int c = b[j] & 0xFF;
        if (c < (got == 0 ? lo : 0x80) || c > (got == 0 ? hi : 0xBF)) {
          break;
        }
        cp = (cp << 6) | (c & 0x3F);
        j++;
        got++;
      }
      if (got == need) {
        sb.appendCodePoint(cp);
      } else {
        sb.append(REPLACEMENT);
      }
      i = j;
    }
    return sb.toString();
  }

  /**
   * Whether {@code piece} begins with an ASCII space, tab, line feed, carriage return or form feed.
   */
  static boolean startsWithAsciiWhitespace(byte[] piece) {
    if (piece.length == 0) {
      return false;
    }
    byte b = piece[0];
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
  }
}
