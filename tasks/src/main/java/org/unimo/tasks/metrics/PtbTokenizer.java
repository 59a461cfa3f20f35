package org.unimo.tasks.metrics;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The caption tokenization of the COCO caption evaluation: Penn Treebank tokens as Stanford
 * CoreNLP 3.4.1's {@code PTBTokenizer -preserveLines -lowerCase} cuts them, lower-cased, with the
 * evaluation's punctuation tokens ({@code . , ? ! : ; - -- ... `` '' ` '} and the bracket escapes
 * {@code -LRB- -RRB- -LCB- -RCB-}) dropped afterwards.
 *
 * <p>Why our own: BLEU, CIDEr-D and ROUGE-L count n-grams of these tokens, so a tokenization that
 * differs ("don't" as one token instead of "do n't", "etc." instead of "etc. .") moves every score.
 * The official scorer runs a Java program of its own; this class rewrites the lexer's rules that
 * ordinary text meets (words, contractions and assimilations, numbers, fractions, hyphenated and
 * slashed words, abbreviations and acronyms, quotes, brackets, dashes, ellipses, currency,
 * symbols, e-mail and web addresses, SGML tags such as {@code <unk>}) and picks among them as the
 * lexer does: the longest match, trailing context included, and on a tie the earlier rule.
 *
 * <p>Two quirks of the official pipeline are kept on purpose. Lower-casing happens after
 * tokenization, so a parenthesis becomes {@code -lrb-}, which the upper-case punctuation list does
 * not remove: {@code "a dog (black)"} scores as {@code a dog -lrb- black -rrb-}. And the captions
 * are tokenized as the lines of one text, so the lexer looks past the end of a caption into the
 * next one: {@code "... the letter b."} gives {@code b} when the next caption starts with {@code
 * The} or {@code A} (an acronym before a sentence start loses its period) and {@code b.}
 * otherwise. {@link #tokenize(List)} therefore takes the captions in the order the official
 * evaluation writes them.
 *
 * <p>Left out, as they need text that captions do not contain: British-to-American spelling (off
 * by default in 3.4.1 anyway), the Asian emoticon forms with dots, and newline characters inside a
 * caption other than {@code \n} (the official script breaks its own line alignment on them; here
 * they are spaces).
 *
 * <pre>{@code
 * PtbTokenizer.tokenize(List.of("A man's bike (red) can't go."))  // ["a man 's bike -lrb- red -rrb- ca n't go"]
 * }</pre>
 */
public final class PtbTokenizer {
  /** Tokens that the COCO evaluation removes after tokenizing (compared after lower-casing). */
  static final ImmutableSet<String> PUNCTUATION =
      ImmutableSet.of("''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";");

  private static final List<Rule> RULES = PtbRules.all();

  private PtbTokenizer() {}

  /**
   * Tokenizes captions as the COCO evaluation does: each caption one line of a text, tokens joined
   * by single spaces, punctuation removed; an empty string when nothing is left. Newlines inside a
   * caption count as spaces.
   */
  public static List<String> tokenize(List<String> captions) {
    StringBuilder text = new StringBuilder();
    for (String caption : captions) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(flatten(caption));
    }
    List<List<String>> lines = lex(text.toString());
    List<String> out = new ArrayList<>(captions.size());
    for (int i = 0; i < captions.size(); i++) {
      List<String> kept = new ArrayList<>();
      for (String token : i < lines.size() ? lines.get(i) : List.<String>of()) {
        String lower = token.toLowerCase(Locale.ENGLISH);
        if (!PUNCTUATION.contains(lower)) {
          kept.add(lower);
        }
      }
      out.add(String.join(" ", kept));
    }
    return out;
  }

  /** One caption on its own (no next caption to look into). */
  public static String tokenize(String caption) {
    return tokenize(List.of(caption)).get(0);
  }

  /** The raw lexer tokens of each line, before lower-casing and punctuation removal. */
  static List<List<String>> lex(String text) {
    List<List<String>> lines = new ArrayList<>();
    List<String> line = new ArrayList<>();
    Matcher[] matchers = new Matcher[RULES.size()];
    for (int r = 0; r < matchers.length; r++) {
      matchers[r] = RULES.get(r).pattern().matcher(text);
      matchers[r].useTransparentBounds(true).useAnchoringBounds(false);
    }
    int at = 0;
    while (at < text.length()) {
      int best = -1;
      int bestLength = 0;
      char first = text.charAt(at);
      for (int r = 0; r < matchers.length; r++) {
        if (first < 128 && !RULES.get(r).canStartWith(first)) {
          continue;
        }
        Matcher m = matchers[r].region(at, text.length());
        if (m.lookingAt() && m.end() - at > bestLength) {
          best = r;
          bestLength = m.end() - at;
        }
      }
      if (best < 0) {
        at++; // untokenizable: deleted, as the official tokenizer does by default
        continue;
      }
      Matcher m = matchers[best];
      String token = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
      Emit emit = RULES.get(best).action().apply(token);
      if (emit.newline()) {
        lines.add(line);
        line = new ArrayList<>();
      } else if (emit.token() != null) {
        line.add(emit.token());
      }
      at += emit.consumed();
    }
    lines.add(line);
    return lines;
  }

  /**
   * A caption on one line: {@code \n} and the other line breaks of the lexer become spaces ({@code
   * U+0085} stays: the lexer reads it as an ellipsis first).
   */
  private static String flatten(String caption) {
    return caption.replace("\r\n", " ").replaceAll("[\\n\\r\\u2028\\u2029\\u000B\\u000C]", " ");
  }

  /** What a rule does with its match: the token (or none), how much input it used, a line break. */
  record Emit(@Nullable String token, int consumed, boolean newline) {
    static Emit of(String token, int consumed) {
      return new Emit(token, consumed, false);
    }

    static Emit skip(int consumed) {
      return new Emit(null, consumed, false);
    }

    static Emit lineBreak(int consumed) {
      return new Emit(null, consumed, true);
    }
  }

  /**
   * A lexer rule: the token as group 1 (or the whole match) and any trailing context after it.
   *
   * @param starts for each ASCII character, whether a match can start with it: a rule that
   *     neither matches nor asks for more input on that one character cannot (skipping the others
   *     makes the lexer several times faster)
   */
  record Rule(Pattern pattern, Function<String, Emit> action, boolean[] starts) {
    Rule(Pattern pattern, Function<String, Emit> action) {
      this(pattern, action, startCharacters(pattern));
    }

    boolean canStartWith(char c) {
      return starts[c];
    }

    private static boolean[] startCharacters(Pattern pattern) {
      boolean[] starts = new boolean[128];
      for (char c = 0; c < 128; c++) {
        Matcher m = pattern.matcher(String.valueOf(c));
        starts[c] = m.lookingAt() || m.hitEnd();
      }
      return starts;
    }
  }
}
