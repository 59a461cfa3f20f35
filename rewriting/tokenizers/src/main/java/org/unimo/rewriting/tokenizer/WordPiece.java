package org.unimo.rewriting.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
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
 * <p>A HuggingFace {@code tokenizer.json} of a BERT model gives the same tokenizer ({@link
 * #fromTokenizerJson(Path)}), and {@link #write(Path)} stores it as a {@code vocab.txt} that {@link
 * #read(Path, boolean)} reads back.
 *
 * <p>The reference is HuggingFace's {@code tokenizers} library (its Rust {@code BertNormalizer},
 * {@code BertPreTokenizer} and {@code WordPiece}), which is how the checkpoints this tokenizer
 * serves were used: for the same {@code tokenizer.json}, {@link #encode(String)} gives that
 * library's ids without its {@code [CLS]} and {@code [SEP]} ({@code WordPieceHuggingFaceTest}
 * checks real sentences, random mixtures and every code point of the assigned planes). Where the
 * library departs from Google's original Python code, this class follows the library; the
 * differences are noted below. Two remain:
 *
 * <ul>
 *   <li>the library also matches special tokens written in the text, such as {@code "[MASK]"},
 *       which this class never does ({@link Tokenizer#encode(String)});
 *   <li>the library's character categories are Unicode 8.0's, Java 17's are Unicode 13.0's: about
 *       370 code points of rare scripts that Unicode 9 to 13 added as marks, punctuation or format
 *       characters (Adlam, Masaram Gondi, Soyombo, Glagolitic combining letters, ...), or
 *       re-categorized (U+166D), are treated by their current category here and as letters there.
 * </ul>
 *
 * <p>Text goes through the steps of BERT's basic tokenizer, in its order:
 *
 * <ol>
 *   <li>U+0000, U+FFFD and every character of a Unicode category {@code Cc}, {@code Cf}, {@code
 *       Cs} or {@code Co} (controls, format characters, surrogates, private use) are removed,
 *       except tab, newline and carriage return, which with every {@code Zs} character (and
 *       U+2028, U+2029) become a space; unassigned code points stay, as in the library (Google's
 *       code removes them);
 *   <li>a space is put on both sides of every CJK ideograph ({@link #isCjk(int)});
 *   <li>the text is split on whitespace;
 *   <li>if {@code lowerCase}, each word is stripped of its accents (NFD, then the {@code Mn} marks
 *       are dropped) and lower-cased code point by code point, as HuggingFace's {@code
 *       BertNormalizer} does (a word-final capital sigma becomes σ, where Python's {@code
 *       str.lower()} in Google's original code gives ς);
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

  /**
   * Reads the WordPiece tokenizer of a HuggingFace {@code tokenizer.json} (as BERT models on the
   * Hub ship it): {@code model.type} {@code "WordPiece"} with its {@code vocab} (token to id, the
   * ids {@code 0..n-1}), {@code unk_token} {@code "[UNK]"}, {@code continuing_subword_prefix}
   * {@code "##"} and {@code max_input_chars_per_word} 100; the {@code BertNormalizer} (with {@code
   * clean_text} and {@code handle_chinese_chars}) and the {@code BertPreTokenizer}. The
   * normalizer's {@code lowercase} gives {@link #lowerCase()}; its {@code strip_accents} must agree
   * with it (null, its default, does).
   *
   * <p>What the file says about truncation, padding, the post-processor ({@code [CLS]} and {@code
   * [SEP]}) and the decoder is ignored: callers frame and pad sequences themselves.
   *
   * @throws IOException if the file cannot be read, is not JSON, or describes a tokenizer this
   *     class would not reproduce exactly (another model type such as BPE or Unigram, another
   *     normalizer or pre-tokenizer, lower-casing without accent stripping or the reverse, added
   *     tokens outside the vocabulary or not special); the message names the file and the field
   */
  public static WordPiece fromTokenizerJson(Path tokenizerJson) throws IOException {
    try (Reader in = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8)) {
      return fromTokenizerJson(in, tokenizerJson.toString());
    }
  }

  /**
   * {@link #fromTokenizerJson(Path)} for a {@code tokenizer.json} read from {@code json}, e.g. a
   * class-path resource; {@code source} names it in error messages.
   */
  public static WordPiece fromTokenizerJson(Reader json, String source) throws IOException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(source, "source");
    JsonElement root;
    try {
      root = JsonParser.parseReader(json);
    } catch (JsonParseException e) {
      // Gson wraps the reader's own failures, and the end of a truncated file, in IOExceptions.
      if (e.getCause() instanceof IOException io && !(io instanceof EOFException)) {
        throw new IOException(source + ": " + io.getMessage(), io);
      }
      throw new IOException(source + ": not a JSON file: " + e.getMessage(), e);
    }
    return new TokenizerJson(source).read(root);
  }

  /** The reading of one tokenizer.json; every problem names the file and the field. */
  private record TokenizerJson(String source) {
    WordPiece read(JsonElement root) throws IOException {
      JsonObject top = object(root, "(top level)");
      JsonObject model = object(top.get("model"), "model");
      String type = string(model.get("type"), "model.type");
      if (!type.equals("WordPiece")) {
        throw problem(
            "model.type",
            quote(type) + " is not \"WordPiece\"; only BERT's WordPiece tokenizers are read");
      }
      expectString(model, "unk_token", "[UNK]");
      expectString(model, "continuing_subword_prefix", CONTINUATION);
      String maxCharsField = "model.max_input_chars_per_word";
      JsonElement maxChars = model.get("max_input_chars_per_word");
      if (maxChars != null
          && !maxChars.isJsonNull()
          && integer(maxChars, maxCharsField) != MAX_WORD_CHARS) {
        throw problem(
            maxCharsField,
            maxChars + " is not " + MAX_WORD_CHARS + ", BERT's limit, which this class applies");
      }
      List<String> vocab = vocabulary(object(model.get("vocab"), "model.vocab"));
      boolean lowerCase = normalizer(top.get("normalizer"));
      WordPiece wordPiece;
      try {
        wordPiece = build(vocab, lowerCase);
      } catch (VocabularyError e) {
        // Tokens are keys of a JSON object, so neither empty (checked above) nor repeated: what is
        // left is a missing special token, or an empty vocabulary.
        throw problem("model.vocab", e.getMessage());
      }
      preTokenizer(top.get("pre_tokenizer"));
      addedTokens(top.get("added_tokens"), vocab);
      return wordPiece;
    }

    /** The tokens in id order; the ids must be exactly {@code 0..n-1}. */
    private List<String> vocabulary(JsonObject vocab) throws IOException {
      String[] tokens = new String[vocab.size()];
      for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
        String field = "model.vocab[" + quote(abbreviate(e.getKey())) + "]";
        if (e.getKey().isEmpty()) {
          throw problem(field, "empty token");
        }
        int id = integer(e.getValue(), field);
        if (id < 0 || id >= tokens.length) {
          throw problem(
              field,
              "id " + id + " out of range [0, " + tokens.length + "): the ids must be 0 to"
                  + " the number of tokens - 1");
        }
        if (tokens[id] != null) {
          throw problem(field, "id " + id + " is also the id of " + quote(abbreviate(tokens[id])));
        }
        tokens[id] = e.getKey();
      }
      return Arrays.asList(tokens);
    }

    /** BERT's normalizer; returns whether it lower-cases (and strips accents). */
    private boolean normalizer(JsonElement element) throws IOException {
      if (element == null || element.isJsonNull()) {
        throw problem("normalizer", "missing; a BERT tokenizer has a BertNormalizer");
      }
      JsonObject normalizer = object(element, "normalizer");
      String type = string(normalizer.get("type"), "normalizer.type");
      if (!type.equals("BertNormalizer")) {
        throw problem("normalizer.type", quote(type) + " is not \"BertNormalizer\"");
      }
      for (String flag : List.of("clean_text", "handle_chinese_chars")) {
        JsonElement value = normalizer.get(flag);
        if (value != null && !bool(value, "normalizer." + flag)) {
          throw problem(
              "normalizer." + flag, "false; only BERT's normalization with it on is reproduced");
        }
      }
      JsonElement lowercaseElement = normalizer.get("lowercase");
      boolean lowercase =
          lowercaseElement == null || bool(lowercaseElement, "normalizer.lowercase");
      JsonElement strip = normalizer.get("strip_accents");
      if (strip != null
          && !strip.isJsonNull()
          && bool(strip, "normalizer.strip_accents") != lowercase) {
        throw problem(
            "normalizer.strip_accents",
            strip + " with lowercase " + lowercase
                + ": only both (uncased BERT) or neither (cased BERT) is reproduced");
      }
      return lowercase;
    }

    private void preTokenizer(JsonElement element) throws IOException {
      if (element == null || element.isJsonNull()) {
        throw problem("pre_tokenizer", "missing; a BERT tokenizer has a BertPreTokenizer");
      }
      String type = string(object(element, "pre_tokenizer").get("type"), "pre_tokenizer.type");
      if (!type.equals("BertPreTokenizer")) {
        throw problem("pre_tokenizer.type", quote(type) + " is not \"BertPreTokenizer\"");
      }
    }

    /**
     * Added tokens must be special tokens of the vocabulary at their own ids: HuggingFace's library
     * also matches them in the raw text, which only makes a difference for special tokens spelled
     * out in it.
     */
    private void addedTokens(JsonElement element, List<String> vocab) throws IOException {
      if (element == null || element.isJsonNull()) {
        return;
      }
      if (!element.isJsonArray()) {
        throw problem("added_tokens", "expected an array, found " + kindOf(element));
      }
      int i = 0;
      for (JsonElement e : element.getAsJsonArray()) {
        String field = "added_tokens[" + i++ + "]";
        JsonObject token = object(e, field);
        String content = string(token.get("content"), field + ".content");
        int id = integer(token.get("id"), field + ".id");
        if (id < 0 || id >= vocab.size() || !vocab.get(id).equals(content)) {
          throw problem(
              field,
              quote(abbreviate(content)) + " with id " + id + " is not that token of model.vocab");
        }
        JsonElement special = token.get("special");
        if (special == null || !bool(special, field + ".special")) {
          throw problem(
              field,
              quote(abbreviate(content)) + " is not special; only special added tokens are read");
        }
      }
    }

    private void expectString(JsonObject model, String name, String expected) throws IOException {
      JsonElement value = model.get(name);
      String field = "model." + name;
      if (value == null || value.isJsonNull()) {
        throw problem(field, "missing, expected " + quote(expected));
      }
      String actual = string(value, field);
      if (!actual.equals(expected)) {
        throw problem(field, quote(abbreviate(actual)) + " is not " + quote(expected));
      }
    }

    private JsonObject object(JsonElement e, String field) throws IOException {
      if (e == null || !e.isJsonObject()) {
        throw problem(field, "expected an object, found " + kindOf(e));
      }
      return e.getAsJsonObject();
    }

    private String string(JsonElement e, String field) throws IOException {
      if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw problem(field, "expected a string, found " + kindOf(e));
      }
      return e.getAsString();
    }

    private boolean bool(JsonElement e, String field) throws IOException {
      if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw problem(field, "expected true or false, found " + kindOf(e));
      }
      return e.getAsBoolean();
    }

    private int integer(JsonElement e, String field) throws IOException {
      if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
        try {
          return new BigDecimal(e.getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException notAnInt) {
          // reported below
        }
      }
      throw problem(field, "expected an integer, found " + kindOf(e));
    }

    private static String kindOf(JsonElement e) {
      if (e == null) {
        return "nothing";
      }
      if (e.isJsonNull()) {
        return "null";
      }
      if (e.isJsonObject()) {
        return "an object";
      }
      if (e.isJsonArray()) {
        return "an array";
      }
      JsonPrimitive p = e.getAsJsonPrimitive();
      return abbreviate(p.toString());
    }

    private IOException problem(String field, String message) {
      return new IOException(source + ": " + field + ": " + message);
    }

    private static String quote(String s) {
      return "\"" + s + "\"";
    }
  }

  /**
   * Writes the vocabulary as a BERT {@code vocab.txt}: UTF-8, one token per line in id order, each
   * line ending with {@code \n}; {@link #read(Path, boolean)} with {@link #lowerCase()} restores
   * this tokenizer. Whether it lower-cases is not in the file: it is {@code
   * text.tokenizer.lower_case} of the model's spec. The file is written beside its destination and
   * renamed into place, so a crash never leaves a truncated vocabulary that would silently change
   * ids.
   *
   * @throws IOException if the file cannot be written, or a token cannot be stored as a line (it
   *     holds a line break, or the first one starts with a byte-order mark); the message names the
   *     file and the id
   */
  public void write(Path vocabTxt) throws IOException {
    for (int id = 0; id < tokens.length; id++) {
      String token = tokens[id];
      boolean lineBreak = token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0;
      if (lineBreak || (id == 0 && token.startsWith("\uFEFF"))) {
        throw new IOException(
            vocabTxt + ": token " + id + " ('" + abbreviate(token)
                + "') cannot be stored as a line of a vocab.txt");
      }
    }
    TextFiles.writeAtomically(
        vocabTxt,
        out -> {
          for (String token : tokens) {
            out.write(token);
            out.write('\n');
          }
        });
  }

  /** The token of each id, in id order: the lines of {@code vocab.txt}. */
  public List<String> vocabulary() {
    return List.of(tokens);
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
      w = stripAccentsAndLowerCase(w);
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

  /**
   * HuggingFace's {@code BertNormalizer} in its order: NFD, the {@code Mn} marks dropped, then each
   * code point lower-cased on its own. Not {@link String#toLowerCase}, whose context rule turns a
   * word-final capital sigma into ς where HuggingFace (and so the vocabulary's users) have σ. NFD
   * has already split U+0130 (İ), the one letter whose lower case is two code points.
   */
  private static String stripAccentsAndLowerCase(String s) {
    String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    for (int i = 0; i < nfd.length(); ) {
      int cp = nfd.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        out.appendCodePoint(Character.toLowerCase(cp));
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

  /**
   * A character of a category {@code Cc}, {@code Cf}, {@code Cs} or {@code Co}, other than tab,
   * newline and carriage return. Unassigned code points ({@code Cn}) stay, as in HuggingFace's
   * {@code BertNormalizer} (Google's Python code drops them too): they are kept as letters, and a
   * word holding one is most likely {@code [UNK]}.
   */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE -> true;
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
   * The CJK Unified Ideographs blocks BERT isolates, as HuggingFace's library lists them:
   * U+4E00-9FFF, U+3400-4DBF, U+20000-2A6DF, U+2A700-2B73F, U+2B740-2B81F, U+2B920-2CEAF,
   * U+F900-FAFF and U+2F800-2FA1F. The library starts the sixth block at U+2B920 where Google's
   * code has U+2B820, so the 256 ideographs U+2B820-2B91F stay inside words, as they do there.
   * Hiragana, katakana and hangul are not among them and stay inside words.
   */
  static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B920 && cp <= 0x2CEAF)
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
