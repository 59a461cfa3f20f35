package org.unimo.tasks.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.unimo.tasks.metrics.PtbTokenizer.Emit;
import org.unimo.tasks.metrics.PtbTokenizer.Rule;

/**
 * The lexer rules of {@link PtbTokenizer}, in CoreNLP 3.4.1's order of preference, written as Java
 * regular expressions.
 *
 * <p>The original lexer is case-insensitive except inside character classes ({@code [A-Z]} stays
 * upper case); here patterns are case-sensitive and the literal words are wrapped in {@code
 * (?i:...)}, which gives the same split. A rule with trailing context (the lexer's {@code a/b}) is
 * written {@code (a)b}: the whole match competes for the longest, group 1 is the token.
 */
final class PtbRules {
  private PtbRules() {}

  // Character classes.
  private static final String LETTER_CLASS = "\\p{javaLetter}\\u00AD\\u0237-\\u024F\\u02C2-\\u02C5\\u02D2-\\u02DF\\u02E5-\\u02FF\\u0300-\\u036F";
  /** A letter, or an accented vowel written as an entity ({@code &eacute;}). */
  private static final String LETTER = "(?:[" + LETTER_CLASS + "]|&[aeiouAEIOU](?i:acute|grave|uml);)";
  private static final String PLAIN_LETTER = "\\p{javaLetter}";
  private static final String DIGIT = "[\\p{javaDigit}\\u07C0-\\u07C9]";
  private static final String SPACE = "[ \\t\\u00A0\\u2000-\\u200A\\u3000]";
  private static final String NEWLINE = "(?:\\r\\n|[\\r\\n\\u2028\\u2029\\u000B\\u000C\\u0085])";
  private static final String SPACENL = "(?:" + SPACE + "|" + NEWLINE + ")";
  private static final String SPACENLS = SPACENL + "+";
  private static final String APOS = "(?:['\\u0092\\u2019]|&(?i:apos);)";
  private static final String APOSETC = "(?:" + APOS + "|[`\\u0091\\u2018\\u201B])";
  private static final String HYPHEN = "[-_\\u058A\\u2010\\u2011]";
  private static final String INSENTP = "[,;:\\u3001]";

  // Token classes.
  private static final String SGML =
      "<(?:[!?][A-Za-z-][^>\\r\\n]*"
          + "|[A-Za-z][A-Za-z0-9_:.-]*(?: +[A-Za-z][A-Za-z0-9_:.-]*(?: *= *(?:'[^']*'|\"[^\"]*\"))?)* */?"
          + "|/[A-Za-z][A-Za-z0-9_:.-]*) *>";
  private static final String WORD = LETTER + "(?:" + LETTER + "|" + DIGIT + ")*(?:[.!?]" + LETTER + "(?:" + LETTER + "|" + DIGIT + ")*)*";
  private static final String REDAUX = APOS + "(?:[msdMSD]|(?i:re|ve|ll))";
  private static final String SWORD = "[A-Za-z\\u00AD]*[A-MO-Za-mo-z]\\u00AD*";
  private static final String SREDAUX = "(?i:n)" + APOSETC + "(?i:t)";
  private static final String NUM = DIGIT + "*(?:[.:,\\u00AD\\u066B\\u066C]" + DIGIT + "+)+|" + DIGIT + "+";
  private static final String ALNUM = "(?:" + PLAIN_LETTER + "|" + DIGIT + ")";
  private static final String THING_PART = "(?:[dDoOlL]" + APOSETC + ALNUM + ")?" + ALNUM + "+";
  private static final String THING = THING_PART + "(?:" + HYPHEN + THING_PART + ")*";
  private static final String THINGA = "[A-Z]+(?:(?:[+&]|&(?i:amp);)[A-Z]+)+";
  // Java takes the first alternative that fits, the lexer the longest: longer alternatives go first.
  private static final String ACRO_SPECIAL = "(?i:u\\.s\\.-(?:u\\.k|u\\.s\\.s\\.r))|(?i:canada|sino|korean|eu|japan|non)-(?i:u\\.s)|";
  private static final String ACRO = "(?:" + ACRO_SPECIAL + "[A-Za-z](?:\\.[A-Za-z])*)";
  private static final String ACRO2 = "(?:" + ACRO_SPECIAL + "[A-Za-z](?:\\.[A-Za-z])+)";
  private static final String HTHING = "[A-Za-z0-9][A-Za-z0-9.,\\u00AD]*(?:-(?:" + ACRO2 + "\\.|[A-Za-z0-9\\u00AD]+))+";
  private static final String FILENAME_EXT =
      "(?i:bat|bmp|c|class|cgi|cpp|dll|doc|docx|exe|gif|gz|h|htm|html|jar|java|jpeg|jpg|mov|mp3|pdf|php|pl|png|ppt|ps|py|sql|tar|txt|wav|x|xml|zip)";
  private static final String FILENAME = "(?:" + LETTER + "|" + DIGIT + ")+(?:\\.(?:" + LETTER + "|" + DIGIT + ")+)*\\." + FILENAME_EXT;

  // Abbreviations: the first group is usually followed by lower case, the second by upper case.
  private static final String ABBREV1 =
      "(?:(?i:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
          + "|(?i:mon|tue|tues|wed|thu|thurs|fri)"
          + "|(?i:ala|ariz)|A(?i:z)|A(?i:rk)|(?i:calif|colo|conn|ct|dak)|D(?i:el)|(?i:fla|ga)|I(?i:ll)|(?i:ind|kans?|ky)|L(?i:a)"
          + "|M(?i:ass)|(?i:md|mich|minn)|M(?i:iss)|(?i:mo|mont|neb|nev|okla)|O(?i:re)|P(?i:a)|(?i:penn|tenn)|T(?i:ex)"
          + "|(?i:va|vt)|W(?i:ash)|(?i:wisc?|wyo)"
          + "|(?i:inc|cos?|corp)|(?i:pp?t)[ye](?i:s)?|(?i:ltd|plc|rt|bancorp|bhd|assn|univ|intl|sys)"
          + "|(?i:tel|est|ext|sq)"
          + "|(?i:jr|sr|bros|ed\\.d|ph\\.d|blvd|rd|esq)"
          + "|(?i:etc|al|seq|bldg))\\.";
  private static final String ABBREV4 =
      "(?:" + ACRO + "|(?i:mr|mrs|ms)|M(?i:iss)|(?i:drs?|profs?|sens?|reps?|attys?|lt|col|gen|messrs|govs?|adm|rev|maj|sgt|cpl|pvt|capt|ste?"
          + "|ave|pres|lieut|hon|brig|co?mdr|pfc|spc|supts?|det|mt|ft|adj|adv|asst|assoc|ens|insp|mlle|mme|msgr|sfc)"
          + "|(?i:vs|alex|wm|jos|cie|a\\.k\\.a|cf|treas|ph)|(?i:invt|elec|natl)|(?i:m)[ft](?i:g)|(?i:dept))";
  /** Words that start a sentence after an acronym; the first letter is case-sensitive. */
  private static final String SENTENCE_STARTERS =
      "(?:A(?i:bout|ccording|dditionally|fter|n|s|t)?|B(?i:ut)|E(?i:arlier)|H(?i:e|er|ere|owever)|I(?i:f|n|t)|L(?i:ast)"
          + "|M(?i:any|ore|r\\.|s\\.)|N(?i:ow)|O(?i:nce|ne|ther|ur)|S(?i:he|ince|o|ome|uch)"
          + "|T(?i:hat|he|heir|hen|here|hese|hey|his)|W(?i:e|hen|hile|hat)|Y(?i:et|ou)|" + SGML + ")";
  private static final String SENTEND = SPACENL + "(?:" + SPACENL + "|\\p{javaUpperCase}|" + SGML + ")";

  private static final String PHONE =
      "(?:\\([0-9]{2,3}\\)[ \\u00A0]?|(?:\\+\\+?)?(?:[0-9]{2,4}[- \\u00A0])?[0-9]{2,4}[- \\u00A0])[0-9]{3,4}[- \\u00A0]?[0-9]{3,5}"
          + "|(?:(?:\\+\\+?)?[0-9]{2,4}\\.)?[0-9]{2,4}\\.[0-9]{3,4}\\.[0-9]{3,5}";
  private static final String QUOTES =
      "''|[`\\u2018\\u2019\\u201A\\u201B\\u201C\\u201D\\u0091\\u0092\\u0093\\u0094\\u201E\\u201F\\u2039\\u203A\\u00AB\\u00BB]{1,2}|" + APOS;
  private static final String MISC_SYMBOL =
      "[+%&~^|\\\\\\u00A6-\\u00A9\\u00AC\\u00AE-\\u00BA\\u00D7\\u00F7\\u2016\\u2017\\u2020-\\u2023\\u2030-\\u2038\\u203B"
          + "\\u203E-\\u2042\\u2044\\u207A-\\u207F\\u208A-\\u208E\\u2100-\\u214F\\u2190-\\u21FF\\u2200-\\u2BFF\\u3012\\u30FB"
          + "\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65]";
  private static final String SMILEY_FACE = "[<>]?[:;=][-o*']?[()DPdpO\\\\{@|\\[\\]]";
  private static final String ASIAN_SMILEY =
      "[-^x=~<>']_[-^x=~<>']|\\([-^x=~<>'][_.]?[-^x=~<>']\\)|\\([\\^x=~<>']-[\\^x=~<>'`]\\)";

  private static final Pattern SOFT_HYPHEN = Pattern.compile("\\u00AD");
  private static final Pattern AMP_ENTITY = Pattern.compile("(?i:&amp;)");

  static List<Rule> all() {
    List<Rule> rules = new ArrayList<>();
    // Assimilations: "cannot" is "can not", "gonna" is "gon na", "'twas" is "'t was".
    rules.add(rule("(?i:c)\\+\\+", PtbRules::keep));
    rules.add(rule("(?i:[cf])#", PtbRules::keep));
    rules.add(rule("(?i:cannot)", pushBack(3)));
    rules.add(rule("'(?i:twas)", pushBack(3)));
    rules.add(rule("'(?i:tis)", pushBack(2)));
    rules.add(rule("(?i:gonna|gotta|lemme|gimme|wanna)", pushBack(2)));
    rules.add(rule(SGML, t -> Emit.of(t.replace(' ', '\u00A0'), t.length())));
    rules.add(rule("&(?i:md|mdash|ndash);|[\\u0096\\u0097\\u2013\\u2014\\u2015]", t -> Emit.of("--", t.length())));
    rules.add(rule("&(?i:amp);", PtbRules::amp));
    rules.add(rule("&(?i:ht|tl|ur|lr|qc|ql|qr|odq|cdq|#[0-9]+);", PtbRules::keep));
    // Words: before a reduced auxiliary ("it" of "it's"), before n't ("do" of "don't"), alone.
    rules.add(rule("(" + WORD + ")" + REDAUX, PtbRules::word));
    rules.add(rule("(" + SWORD + ")" + SREDAUX, PtbRules::word));
    rules.add(rule(WORD, PtbRules::word));
    // Words with an apostrophe inside that stay whole.
    for (String apoword : List.of(
        APOS + "(?i:n)" + APOS + "?",
        "[lLdDjJ]" + APOS,
        "(?i:dunkin|somethin|ol)" + APOS,
        APOS + "(?i:em)",
        "[A-HJ-XZn]" + APOSETC + PLAIN_LETTER + "{2,}",
        APOS + "[2-9]0(?i:s)",
        APOS + "(?i:till?)",
        PLAIN_LETTER + "+[aeiouyAEIOUY]" + APOSETC + "[aeiouA-Z]" + PLAIN_LETTER + "*",
        APOS + "(?i:cause)",
        "(?i:cont'd)\\.?",
        "'(?i:twas)|(?i:nor'easter|c'mon|e'er|s'mores|ev'ry|li'l|nat'l)",
        "(?i:o)" + APOSETC + "(?i:o)")) {
      rules.add(rule(apoword, PtbRules::keep));
    }
    rules.add(rule("((?i:y)" + APOS + ")" + PLAIN_LETTER, PtbRules::keep));
    // Web and e-mail addresses, handles and hashtags.
    rules.add(rule("(?i:https?)://[^ \\t\\n\\f\\r\"<>|(){}]+[^ \\t\\n\\f\\r\"<>|.!?(){},-]", PtbRules::keep));
    rules.add(rule(
        "(?:(?i:www)\\.(?:[^ \\t\\n\\f\\r\"<>|.!?(){},]+\\.)+[a-zA-Z]{2,4}|(?:[^ \\t\\n\\f\\r\"`'<>|.!?(){},-_$]+\\.)+(?i:com|net|org|edu))"
            + "(?:/[^ \\t\\n\\f\\r\"<>|()]+[^ \\t\\n\\f\\r\"<>|.!?(){},-])?",
        PtbRules::keep));
    rules.add(rule(
        "(?:&(?i:lt);|<)?[a-zA-Z0-9][^ \\t\\n\\f\\r\"<>|()\\u00A0{}]*@(?:[^ \\t\\n\\f\\r\"<>|(){}.\\u00A0]+\\.)*[^ \\t\\n\\f\\r\"<>|(){}.\\u00A0]+(?:&(?i:gt);|>)?",
        PtbRules::keep));
    rules.add(rule("@[a-zA-Z_][a-zA-Z_0-9]*|#" + LETTER + "+", PtbRules::keep));
    // 's 're n't before a non-letter.
    rules.add(rule("(" + REDAUX + ")[^A-Za-z]", closingQuote()));
    rules.add(rule("(" + SREDAUX + ")[^A-Za-z]", closingQuote()));
    // Numbers, dates, fractions.
    rules.add(rule(DIGIT + "{1,2}[-/]" + DIGIT + "{1,2}[-/]" + DIGIT + "{2,4}", PtbRules::keep));
    rules.add(rule("[-+]?(?:" + NUM + ")", PtbRules::word));
    rules.add(rule("[\\u207A\\u207B\\u208A\\u208B]?(?:[\\u2070\\u00B9\\u00B2\\u00B3\\u2074-\\u2079]+|[\\u2080-\\u2089]+)", PtbRules::keep));
    rules.add(rule("(?:" + DIGIT + "{1,4}[- \\u00A0])?" + DIGIT + "{1,4}(?:\\\\?/|\\u2044)" + DIGIT + "{1,4}", PtbRules::spaced));
    rules.add(rule("[\\u00BC\\u00BD\\u00BE\\u2153-\\u215E]", PtbRules::fraction));
    rules.add(rule(
        "-(?i:rrb|lrb|rcb|lcb|rsb|lsb)-|(?i:c\\.d\\.s|pro-|anti-)|(?i:s)(?:&|&(?i:amp);)(?i:p-500|ls)|(?i:cap)" + APOS + "(?i:n)|(?i:c)" + APOS + "(?i:est)",
        PtbRules::amp));
    rules.add(rule("[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}(?:\\\\?/[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}){1,2}", PtbRules::keep));
    // Currency.
    rules.add(rule("[A-Z]*\\$|#", PtbRules::keep));
    rules.add(rule("[\\u00A2\\u00A3\\u00A4\\u00A5\\u0080\\u20A0\\u20AC\\u060B\\u0E3F\\u20A4\\uFFE0\\uFFE1\\uFFE5\\uFFE6]", PtbRules::currency));
    // Acronyms and abbreviations; which ones keep their period depends on what follows.
    rules.add(rule("(" + ACRO + "\\.)" + SPACENLS + SENTENCE_STARTERS + SPACENL, PtbRules::acronymBeforeSentence));
    rules.add(rule("((?i:ca|figs?|prop|nos?|art|bldg|pp|op)\\.)" + SPACENL + "?\\p{javaDigit}", PtbRules::keep));
    rules.add(rule("((?i:pt)[eyEY]\\.|(?i:co)\\.)" + SPACE + "(?i:ltd|lim)", PtbRules::keep));
    rules.add(rule("(" + ABBREV1 + ")" + SENTEND, PtbRules::periodTwice));
    rules.add(rule("(?s)(" + ABBREV1 + ")..", PtbRules::keep));
    rules.add(rule(ABBREV1, PtbRules::periodTwice));
    rules.add(rule(ABBREV4 + "\\.", PtbRules::keep));
    rules.add(rule("(" + ABBREV4 + ")" + SPACE, PtbRules::keep));
    rules.add(rule("(" + ACRO + ")" + SPACENL, PtbRules::keep));
    rules.add(rule("(" + APOS + "[0-9][0-9])" + SPACENL, PtbRules::keep));
    rules.add(rule("(" + FILENAME + ")(?:" + SPACENL + "|[.?!,])", PtbRules::keep));
    rules.add(rule("(" + WORD + "\\.)" + INSENTP, PtbRules::word));
    rules.add(rule(PHONE, PtbRules::phone));
    // Quotes, brackets, dashes and other punctuation.
    rules.add(rule("(\"|&(?i:quot);)[A-Za-z0-9$]", openingQuote()));
    rules.add(rule("\"|&(?i:quot);", closingQuote()));
    rules.add(rule("\\u007F", t -> Emit.skip(t.length())));
    rules.add(rule("<|&(?i:lt);", t -> Emit.of("<", t.length())));
    rules.add(rule(">|&(?i:gt);", t -> Emit.of(">", t.length())));
    rules.add(rule("(" + SMILEY_FACE + ")[^A-Za-z0-9]", PtbRules::parenthesized));
    rules.add(rule(ASIAN_SMILEY, PtbRules::parenthesized));
    rules.add(rule("\\{", t -> Emit.of("-LCB-", 1)));
    rules.add(rule("\\}", t -> Emit.of("-RCB-", 1)));
    rules.add(rule("\\[", t -> Emit.of("-LSB-", 1)));
    rules.add(rule("\\]", t -> Emit.of("-RSB-", 1)));
    rules.add(rule("\\(", t -> Emit.of("-LRB-", 1)));
    rules.add(rule("\\)", t -> Emit.of("-RRB-", 1)));
    rules.add(rule("-+", t -> Emit.of(t.length() == 3 || t.length() == 4 ? "--" : t, t.length())));
    rules.add(rule("\\.{3,5}|(?:\\.[ \\u00A0]){2,4}\\.|[\\u0085\\u2026]", t -> Emit.of("...", t.length())));
    rules.add(rule("@+|#+|_+", PtbRules::keep));
    rules.add(rule("\\*+|(?:\\\\\\*){1,3}", PtbRules::keep));
    rules.add(rule(INSENTP, PtbRules::keep));
    rules.add(rule("[?!]+", PtbRules::keep));
    rules.add(rule("[.\\u00A1\\u00BF\\u037E\\u0589\\u061F\\u06D4\\u0700-\\u0702\\u07FA\\u3002]", PtbRules::keep));
    rules.add(rule("=", PtbRules::keep));
    rules.add(rule("/", PtbRules::keep));
    // Hyphenated and other compound words.
    rules.add(rule("(" + HTHING + "\\.)" + INSENTP, PtbRules::word));
    rules.add(rule(HTHING, PtbRules::word));
    rules.add(rule("(" + THING + "\\.)" + INSENTP, PtbRules::keep));
    rules.add(rule(THING, PtbRules::keep));
    rules.add(rule("(" + THINGA + "\\.)" + INSENTP, PtbRules::amp));
    rules.add(rule(THINGA, PtbRules::amp));
    rules.add(rule("(')[A-Za-z][^ \\t\\n\\r\\u00A0]", openingQuote()));
    rules.add(rule(REDAUX, closingQuote()));
    rules.add(rule(SREDAUX, closingQuote()));
    rules.add(rule(QUOTES, closingQuote()));
    rules.add(rule("<<|>>", PtbRules::keep));
    rules.add(rule(MISC_SYMBOL, PtbRules::keep));
    // What separates tokens.
    rules.add(rule("\\u0000|" + SPACE + "+|[\\u200B\\u200E\\u200F\\uFEFF]", t -> Emit.skip(t.length())));
    rules.add(rule(NEWLINE, t -> Emit.lineBreak(t.length())));
    rules.add(rule("&(?i:nbsp);", t -> Emit.skip(t.length())));
    return rules;
  }

  private static Rule rule(String regex, Function<String, Emit> action) {
    return new Rule(Pattern.compile(regex), action);
  }

  private static Emit keep(String token) {
    return Emit.of(token, token.length());
  }

  /** Soft hyphens are line-breaking hints, not text. */
  private static Emit word(String token) {
    String text = SOFT_HYPHEN.matcher(token).replaceAll("");
    return Emit.of(text.isEmpty() ? "-" : text, token.length());
  }

  private static Emit amp(String token) {
    return Emit.of(AMP_ENTITY.matcher(token).replaceAll("&"), token.length());
  }

  private static Emit spaced(String token) {
    return Emit.of(token.replace(' ', '\u00A0'), token.length());
  }

  private static Emit parenthesized(String token) {
    return Emit.of(token.replace("(", "-LRB-").replace(")", "-RRB-"), token.length());
  }

  private static Emit phone(String token) {
    return Emit.of(token.replace(' ', '\u00A0').replace("(", "-LRB-").replace(")", "-RRB-"), token.length());
  }

  /** The token without its last {@code n} characters, which are read again. */
  private static Function<String, Emit> pushBack(int n) {
    return t -> Emit.of(t.substring(0, t.length() - n), t.length() - n);
  }

  /** "etc." ending a sentence: the token keeps its period and the period is read again. */
  private static Emit periodTwice(String token) {
    return Emit.of(token, token.length() - 1);
  }

  /** An acronym before a sentence start: "U.S." then "."; a single letter "b." gives "b" then ".". */
  private static Emit acronymBeforeSentence(String token) {
    return token.length() == 2 ? Emit.of(token.substring(0, 1), 1) : periodTwice(token);
  }

  private static Emit currency(String token) {
    String text = token.replace("\u00A2", "cents").replace("\u00A3", "#").replaceAll("[\\u0080\\u00A4\\u20A0\\u20AC]", "\\$");
    return Emit.of(text, token.length());
  }

  private static Emit fraction(String token) {
    String text =
        token.replace("\u00BC", "1/4").replace("\u00BD", "1/2").replace("\u00BE", "3/4").replace("\u2153", "1/3").replace("\u2154", "2/3");
    return Emit.of(text, token.length());
  }

  private static Function<String, Emit> openingQuote() {
    return t -> Emit.of(latexQuotes(t, true), t.length());
  }

  private static Function<String, Emit> closingQuote() {
    return t -> Emit.of(latexQuotes(t, false), t.length());
  }

  /** ASCII quotes as {@code `` ''} by side, curly and angle quotes by their own side. */
  static String latexQuotes(String token, boolean opening) {
    String s = token.replaceAll("&apos;|'", opening ? "`" : "'").replaceAll("\"|&quot;", opening ? "``" : "''");
    s = s.replaceAll("[\\u0091\\u2018\\u201B\\u2039]", "`").replaceAll("[\\u0092\\u2019\\u203A]", "'");
    return s.replaceAll("[\\u0093\\u201C\\u00AB]", "``").replaceAll("[\\u0094\\u201D\\u00BB]", "''");
  }
}
