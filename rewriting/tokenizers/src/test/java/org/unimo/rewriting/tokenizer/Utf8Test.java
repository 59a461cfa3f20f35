package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void wellFormedTextEncodesExactlyAsStandardUtf8() {
    Random rnd = new Random(7);
    for (int k = 0; k < 2000; k++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(12);
      for (int i = 0; i < len; i++) {
        int cp;
        do {
          // Mix of ASCII, two-, three- and four-byte code points.
          int bucket = rnd.nextInt(4);
          cp =
              bucket == 0
                  ? rnd.nextInt(0x80)
                  : bucket == 1
                      ? 0x80 + rnd.nextInt(0x780)
                      : bucket == 2 ? 0x800 + rnd.nextInt(0xF800) : 0x10000 + rnd.nextInt(0x100000);
        } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
        sb.appendCodePoint(cp);
      }
      String s = sb.toString();
      byte[] expected = s.getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8.encode(s)).as(s).isEqualTo(expected);
      assertThat(Utf8.decode(expected, expected.length)).isEqualTo(s);
    }
  }

  @Test
  void unpairedSurrogatesRoundTrip() {
    for (String s :
        new String[] {
          "\uD800", "\uDFFF", "a\uD83D", "\uDE00b", "\uDE00\uD83D", "x\uD83D\uD83D\uDE00"
        }) {
      byte[] bytes = Utf8.encode(s);
      assertThat(Utf8.decode(bytes, bytes.length)).isEqualTo(s);
    }
    assertThat(Utf8.encode("\uD800")).containsExactly(0xED, 0xA0, 0x80);
  }

  @Test
  void illFormedBytesDecodeLikeTheJdkWhereNoSurrogateFormIsInvolved() {
    // The JDK replaces each maximal ill-formed subpart with one U+FFFD, as Utf8 does; the only
    // intended difference is the ED A0..BF surrogate forms, so 0xED is left out here.
    Random rnd = new Random(11);
    for (int k = 0; k < 5000; k++) {
      byte[] b = new byte[rnd.nextInt(8)];
      for (int i = 0; i < b.length; i++) {
        int v;
        do {
          v = rnd.nextInt(3) == 0 ? rnd.nextInt(0x80) : 0x80 + rnd.nextInt(0x80);
        } while (v == 0xED);
        b[i] = (byte) v;
      }
      assertThat(Utf8.decode(b, b.length)).isEqualTo(new String(b, StandardCharsets.UTF_8));
    }
  }

  @Test
  void truncatedSequenceDecodesToReplacement() {
    byte[] smiley = "😀".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.decode(smiley, 2)).isEqualTo("\uFFFD");
    assertThat(Utf8.decode(new byte[] {(byte) 0xFF, 'a'}, 2)).isEqualTo("\uFFFDa");
  }
}
