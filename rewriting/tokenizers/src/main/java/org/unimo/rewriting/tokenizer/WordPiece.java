package org.unimo.rewriting.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * BERT's WordPiece tokenizer over a pretrained {@code vocab.txt}, with BERT's text normalization.
 *
 * <pre>{@code
 * WordPiece wp = WordPiece.read(Path.of("bert-base-uncased/vocab.txt"), true);
 * wp.pieces("A man is riding a horse.");  // [a, man, is, riding, a, horse, .]
 * int[] ids = wp.encode("A man is riding a horse.");
 * wp.decode(ids);                         // "a man is riding a horse ."
 * }</pre>
 *
 * <p>Text goes through the steps of BERT's basic tokenizer, in its order:
 *
 * <ol>
 *   <li>U+0000, U+FFFD and every character of a Unicode category {@code C*} (controls, format
 *       characters, surrogates, private use, unassigned) are removed, except tab, newline and
 *       carriage return, which with every {@code Zs} character become a space;
 *   <li>a space is put on both sides of every CJK ideograph ({@link #isCjk(int)});
 *   <li>the text is split on whitespace;
 *   <li>if {@code lowerCase}, each word is lower-cased and its accents are stripped (NFD, then the
 *       {@code Mn} marks are dropped);
 *   <li>every punctuation character ({@link #isPunctuation(int)}) is split off as its own word.
 * </ol>
 *
 * <p>Each word is then covered greedily, longest match first from the left; pieces after the
 * first carry the {@code ##} prefix. A word of more than {@value #MAX_WORD_CHARS} code points, or
 * one that the vocabulary cannot cover entirely, becomes a single {@code [UNK]}.
 *
 * <p>Unlike the byte-level tokenizers, this one is lossy: {@link #decode(int[])} gives the
 * normalized text (lower-cased and without accents if {@code lowerCase}, punctuation separated by
 * spaces, unknown words dropped), so {@code decode(encode(s))} equals {@code s} only for text that
 * is already in that form. {@link #encode(String)} may return {@code [UNK]}, the one special id it
 * ever emits.
 *
 * <p>Special ids are the vocabulary's own ({@link #specials()}): {@code [PAD]}, {@code [CLS]},
 * {@code [SEP]}, {@code [MASK]} and {@code [UNK]} are required, and every other bracketed token
 * such as {@code [unused0]} is special too, so that it is never masked, predicted or drawn as a
 * random replacement.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WordPiece implements Tokenizer {
  /** BERT's limit: longer words become {@code [UNK]} without being looked at. */
  static final int MAX_WORD_CHARS = 100;

  private static final String CONTINUATION = "##";

  private static final List<String> REQUIRED =
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  /** Token of each id. */
  private final String[] tokens;

  /** Non-special tokens to their ids: specials can never be produced by matching text. */
  private final Map<String, Integer> ids;

  private final SpecialIds specials;
  private final boolean lowerCase;

  /** Longest token in code points; bounds the longest-match search. */
  private final int maxTokenChars;

  private WordPiece(String[] tokens, SpecialIds specials, boolean lowerCase) {
    this.tokens = tokens;
    this.specials = specials;
    this.lowerCase = lowerCase;
    this.ids = new HashMap<>(tokens.length * 2);
    int longest = 0;
    for (int id = 0; id < tokens.length; id++) {
      if (!specials.isSpecial(id)) {
        ids.put(tokens[id], id);
        longest = Math.max(longest, tokens[id].codePointCount(0, tokens[id].length()));
      }
    }
    this.maxTokenChars = longest;
  }

  // ---------------------------------------------------------------------------------------------
  // Construction

  /**
   * Reads a BERT {@code vocab.txt}: UTF-8, one token per line, the id of a token being its 0-based
   * line index. Only the line terminator ({@code \n} or {@code \r\n}) is removed from a line; a
   * final newline does not open another line, and a leading byte-order mark is ignored.
   *
   * @param lowerCase whether text is lower-cased and stripped of accents before matching, as for
   *     the {@code uncased} BERT models
   * @throws IOException if the file cannot be read, is not UTF-8, is empty, repeats a token, has an
   *     empty line, or lacks one of {@code [PAD]}, {@code [UNK]}, {@code [CLS]}, {@code [SEP]},
   *     {@code [MASK]}; the message names the file and the 1-based line
   */
  public static WordPiece read(Path vocabTxt, boolean lowerCase) throws IOException {
    byte[] bytes = Files.readAllBytes(vocabTxt);
    List<String> lines = new ArrayList<>();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int lineStart = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && i == lineStart) {
          break; // the usual final newline does not open another line; an empty file has none
        }
        int lineEnd = i > lineStart && bytes[i - 1] == '\r' ? i - 1 : i;
        try {
          lines.add(
              utf8.decode(ByteBuffer.wrap(bytes, lineStart, lineEnd - lineStart)).toString());
        } catch (CharacterCodingException e) {
          throw new IOException(
              vocabTxt + ":" + (lines.size() + 1) + ": malformed vocabulary: not UTF-8", e);
        }
        lineStart = i + 1;
      }
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1));
    }
    try {
      return build(lines, lowerCase);
    } catch (VocabularyError e) {
      throw new IOException(vocabTxt + ":" + e.line + ": malformed vocabulary: " + e.getMessage());
    }
  }

  /**
   * A tokenizer over {@code vocab}, token {@code i} having id {@code i}; the same rules as {@link
   * #read(Path, boolean)}.
   *
   * @throws IllegalArgumentException if the vocabulary is empty, repeats a token, has an empty
   *     token, or lacks a required special token; the message names the 1-based line
   */
  public static WordPiece of(List<String> vocab, boolean lowerCase) {
    Objects.requireNonNull(vocab, "vocab");
    try {
      return build(List.copyOf(vocab), lowerCase);
    } catch (VocabularyError e) {
      throw new IllegalArgumentException("vocabulary line " + e.line + ": " + e.getMessage(), e);
    }
  }

  private static WordPiece build(List<String> vocab, boolean lowerCase) {
    if (vocab.isEmpty()) {
      throw new VocabularyError(1, "empty vocabulary");
    }
    Map<String, Integer> seen = new HashMap<>(vocab.size() * 2);
    List<Integer> bracketed = new ArrayList<>();
    for (int id = 0; id < vocab.size(); id++) {
      String token = vocab.get(id);
      if (token.isEmpty()) {
        throw new VocabularyError(id + 1, "empty token");
      }
      Integer first = seen.putIfAbsent(token, id);
      if (first != null) {
        throw new VocabularyError(
            id + 1, "duplicate token '" + abbreviate(token) + "', first on line " + (first + 1));
      }
      if (token.length() > 2 && token.startsWith("[") && token.endsWith("]")) {
        bracketed.add(id);
      }
    }
    int[] required = new int[REQUIRED.size()];
    for (int i = 0; i < required.length; i++) {
      Integer id = seen.get(REQUIRED.get(i));
      if (id == null) {
        throw new VocabularyError(
            vocab.size(),
            "the vocabulary ends without the required special token " + REQUIRED.get(i));
      }
      required[i] = id;
    }
    SpecialIds specials =
        new SpecialIds(
            required[0], // [PAD]
            required[2], // [CLS]
            required[3], // [SEP]
            required[4], // [MASK]
            required[1], // [UNK]
            bracketed.stream().mapToInt(Integer::intValue).toArray());
    return new WordPiece(vocab.toArray(String[]::new), specials, lowerCase);
  }

  /** A vocabulary problem at a 1-based line; turned into the caller's exception type. */
  private static final class VocabularyError extends RuntimeException {
    final int line;

    VocabularyError(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tokenizer

  @Override
  public SpecialIds specials() {
    return specials;
  }

  /** The number of tokens, that is of lines in {@code vocab.txt}. */
  @Override
  public int vocabSize() {
    return tokens.length;
  }

  /**
   * The ids of the pieces of {@code text}; {@code specials().unk()} stands for each word the
   * vocabulary cannot cover, and no other special id ever appears, even for text such as {@code
   * "[CLS]"} (its brackets are punctuation, so it becomes {@code [, cls, ]}).
   */
  @Override
  public int[] encode(String text) {
    List<String> words = basicTokens(text);
    int[] out = new int[Math.max(16, words.size() * 2)];
    int n = 0;
    for (String word : words) {
      int[] wordIds = wordPieces(word);
      if (n + wordIds.length > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, n + wordIds.length));
      }
      System.arraycopy(wordIds, 0, out, n, wordIds.length);
      n += wordIds.length;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The piece strings of {@code text}, {@code ##} prefixes included and {@code [UNK]} (the
   * vocabulary's spelling) for a word that cannot be covered; for tests and debugging.
   */
  public List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    for (int id : encode(text)) {
      out.add(tokens[id]);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Joins the pieces of {@code ids}, skipping special ids ({@code [UNK]} included): a {@code ##}
   * piece is appended to the text so far without its prefix, any other piece after a space. The
   * result is the normalized text, not the original: case, accents and the spacing around
   * punctuation are not restored.
   *
   * @throws IllegalArgumentException if an id is negative or not below {@link #vocabSize()}
   */
  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder(ids.length * 6);
    for (int id : ids) {
      checkId(id);
      if (specials.isSpecial(id)) {
        continue;
      }
      String token = tokens[id];
      if (token.startsWith(CONTINUATION)) {
        out.append(token, CONTINUATION.length(), token.length());
      } else {
        if (!out.isEmpty()) {
          out.append(' ');
        }
        out.append(token);
      }
    }
    return out.toString();
  }

  @Override
  public String kind() {
    return "wordpiece";
  }

  /** True unless the piece of {@code id} starts with {@code ##}; special ids return true. */
  @Override
  public boolean startsWord(int id) {
    checkId(id);
    return specials.isSpecial(id) || !tokens[id].startsWith(CONTINUATION);
  }

  /** Whether text is lower-cased and stripped of accents before matching. */
  public boolean lowerCase() {
    return lowerCase;
  }

  private void checkId(int id) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException(
          "token id " + id + " out of range [0, " + tokens.length + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Basic tokenization

  /** The words of {@code text} after BERT's normalization, before WordPiece. */
  List<String> basicTokens(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    // Steps 1-3 in one pass: cleaning, CJK isolation and the whitespace split.
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      if (isWhitespace(cp)) {
        flush(word, out);
      } else if (isCjk(cp)) {
        flush(word, out);
        word.appendCodePoint(cp);
        flush(word, out);
      } else {
        word.appendCodePoint(cp);
      }
    }
    flush(word, out);
    return out;
  }

  /** Steps 4 and 5 for one whitespace-separated word. */
  private void flush(StringBuilder word, List<String> out) {
    if (word.isEmpty()) {
      return;
    }
    String w = word.toString();
    word.setLength(0);
    if (lowerCase) {
      w = stripAccents(w.toLowerCase(Locale.ROOT));
    }
    int start = 0;
    for (int i = 0; i < w.length(); ) {
      int cp = w.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isPunctuation(cp)) {
        if (start < i) {
          out.add(w.substring(start, i));
        }
        out.add(w.substring(i, next));
        start = next;
      }
      i = next;
    }
    if (start < w.length()) {
      out.add(w.substring(start));
    }
  }

  private static String stripAccents(String s) {
    String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    for (int i = 0; i < nfd.length(); ) {
      int cp = nfd.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /**
   * Space, tab, newline, carriage return and {@code Zs}; also U+2028 and U+2029, which BERT keeps
   * through cleaning but then splits on (Python's {@code str.split}).
   */
  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || cp == 0x2028
        || cp == 0x2029
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  /** A character of a category {@code C*}, other than tab, newline and carriage return. */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }

  /**
   * ASCII 33-47, 58-64, 91-96 and 123-126 (all non-alphanumeric printable ASCII, such as {@code $}
   * and {@code +} that Unicode files as symbols), or a Unicode category {@code P*}.
   */
  static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /**
   * The CJK Unified Ideographs blocks BERT isolates: U+4E00-9FFF, U+3400-4DBF, U+20000-2A6DF,
   * U+2A700-2B73F, U+2B740-2B81F, U+2B820-2CEAF, U+F900-FAFF and U+2F800-2FA1F. Hiragana, katakana
   * and hangul are not among them and stay inside words.
   */
  static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  // ---------------------------------------------------------------------------------------------
  // WordPiece

  /** Greedy longest-match-first cover of one word, or {@code [UNK]} alone. */
  private int[] wordPieces(String word) {
    int chars = word.codePointCount(0, word.length());
    if (chars > MAX_WORD_CHARS) {
      return new int[] {specials.unk()};
    }
    // Offsets of code point boundaries, so that pieces never split a surrogate pair.
    int[] at = new int[chars + 1];
    for (int k = 0, i = 0; k < chars; k++) {
      at[k] = i;
      i += Character.charCount(word.codePointAt(i));
    }
    at[chars] = word.length();

    int[] out = new int[chars];
    int n = 0;
    int start = 0;
    while (start < chars) {
      int found = -1;
      int end = Math.min(chars, start + maxTokenChars);
      for (; end > start; end--) {
        String piece = word.substring(at[start], at[end]);
        Integer id = ids.get(start == 0 ? piece : CONTINUATION + piece);
        if (id != null) {
          found = id;
          break;
        }
      }
      if (found < 0) {
        return new int[] {specials.unk()};
      }
      out[n++] = found;
      start = end;
    }
    return Arrays.copyOf(out, n);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return "WordPiece[vocabSize=" + tokens.length + ", lowerCase=" + lowerCase + "]";
  }
}
