package org.unimo.tasks.metrics;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer normalization of the official VQA evaluation ({@code vqaEval.py}), step by step as
 * that script applies it, quirks included, since every quirk moves some answer's score:
 *
 * <ol>
 *   <li>Punctuation ({@code ; / [ ] " { } ( ) = + \ _ - > < @ ` , ? !}; not the apostrophe,
 *       colon or period): each mark is deleted when the <em>original</em> answer has it next to a
 *       space, or has a comma between two digits anywhere; otherwise it becomes a space. So
 *       {@code "t-shirt"} becomes {@code "t shirt"} but {@code "1,000"} becomes {@code "1000"}.
 *   <li>Periods not followed by a digit are deleted ({@code "3.5"} keeps its point), at most 32
 *       of them: the script passes {@code re.UNICODE}, which is 32, where {@code re.sub} expects
 *       the count.
 *   <li>Lower case, split at whitespace, number words zero to ten (and "none") to digits,
 *       articles dropped, then the contractions table ({@code "dont"} to {@code "don't"}; its keys
 *       with capitals never match lower-cased words, as in the script).
 * </ol>
 */
public final class VqaAnswers {
  private static final String PUNCTUATION = ";/[]\"{}()=+\\_-><@`,?!";
  private static final Pattern COMMA_IN_NUMBER = Pattern.compile("[0-9],[0-9]");
  private static final Pattern STRIPPED_PERIOD = Pattern.compile("\\.(?![0-9])");
  private static final int PERIOD_LIMIT = 32;
  private static final ImmutableMap<String, String> NUMBERS =
      ImmutableMap.<String, String>builder()
          .put("none", "0").put("zero", "0").put("one", "1").put("two", "2").put("three", "3").put("four", "4")
          .put("five", "5").put("six", "6").put("seven", "7").put("eight", "8").put("nine", "9").put("ten", "10")
          .buildOrThrow();
  private static final ImmutableSet<String> ARTICLES = ImmutableSet.of("a", "an", "the");

  private VqaAnswers() {}

  /** Punctuation, then numbers, articles and contractions: what the script compares. */
  public static String normalize(String answer) {
    return wordForms(punctuation(answer));
  }

  /** Steps 1 and 2. */
  static String punctuation(String in) {
    boolean delete = COMMA_IN_NUMBER.matcher(in).find();
    String out = in;
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      String mark = String.valueOf(PUNCTUATION.charAt(i));
      boolean spaced = in.contains(mark + " ") || in.contains(" " + mark);
      out = out.replace(mark, delete || spaced ? "" : " ");
    }
    StringBuilder stripped = new StringBuilder();
    Matcher period = STRIPPED_PERIOD.matcher(out);
    int from = 0;
    for (int n = 0; n < PERIOD_LIMIT && period.find(); n++) {
      stripped.append(out, from, period.start());
      from = period.end();
    }
    return stripped.append(out.substring(from)).toString();
  }

  /** Step 3. */
  static String wordForms(String in) {
    List<String> words = new ArrayList<>();
    for (String word : PyText.split(in.toLowerCase(Locale.ROOT))) {
      String number = NUMBERS.getOrDefault(word, word);
      if (!ARTICLES.contains(number)) {
        words.add(number);
      }
    }
    words.replaceAll(w -> VqaContractions.TABLE.getOrDefault(w, w));
    return String.join(" ", words);
  }
}
