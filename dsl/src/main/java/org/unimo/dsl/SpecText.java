package org.unimo.dsl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads protobuf text format into a {@link Message.Builder} and reports every problem of the text
 * at once, where protobuf's own parser stops at the first and words it for protobuf developers.
 *
 * <p>Driven only by the builder's descriptor, so it follows the schema as it evolves. It reads the
 * text format our configs use: {@code # comments}; {@code name: value}, {@code name { ... }},
 * {@code name: { ... }} and {@code < >} as braces; optional {@code ;} or {@code ,} between fields;
 * integers (decimal, hex, octal, negative), floats ({@code 1e-4}, {@code .5}, {@code inf}, {@code
 * nan}, a trailing {@code f}), bools, quoted strings with C escapes (adjacent ones concatenated),
 * enums by name or number, repeated fields (also as {@code [a, b]} lists) and oneofs.
 *
 * <p>Each problem's path is {@code SOURCE:LINE:COLUMN} of the offending token (1-based), and its
 * message starts with the field's dotted path, as the validator's do: {@code text.max_length:
 * expected an integer, found the string "128" (remove the quotes)}. After a problem the reader
 * skips to the next field of the same section, so one bad value does not hide the rest.
 *
 * <p>{@link #parseValue} reads a single value with the same code, for {@code --set} overrides.
 */
final class SpecText {
  private final List<Token> tokens;
  private final String source;
  private final List<Located> problems = new ArrayList<>();
  private int at;

  private SpecText(String text, String source) {
    this.tokens = tokenize(text);
    this.source = source;
  }

  /**
   * Merges text-format {@code text} into {@code builder}.
   *
   * @param source names the text in problems, e.g. a file name
   * @return every problem found, in the order of their positions; empty if the text parsed (then
   *     {@code builder} holds its fields; otherwise it holds what could be read)
   */
  static List<Problem> merge(String text, String source, Message.Builder builder) {
    SpecText reader = new SpecText(text, source);
    reader.fields(builder, "", null);
    return reader.problems.stream()
        .sorted(Comparator.comparingInt(Located::line).thenComparingInt(Located::column))
        .map(Located::problem)
        .toList();
  }

  /**
   * Reads {@code text} as one value of the scalar {@code field}, exactly as the value of {@code
   * field: text} in a file.
   *
   * @throws BadValue saying what is wrong (without the field's path)
   */
  static Object parseValue(FieldDescriptor field, String text) throws BadValue {
    SpecText reader = new SpecText(text, "");
    Object value = reader.value(field);
    Token rest = reader.peek();
    if (rest.kind() != Kind.END) {
      throw new BadValue(rest, "unexpected " + rest.describe() + " after the value");
    }
    return value;
  }

  /** A value that does not fit its field; the message says why, without the field's path. */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Token token;

    BadValue(Token token, String message) {
      super(message, null, false, false); // an expected outcome: no stack trace
      this.token = token;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sections and fields

  /** Reads fields into {@code builder} until the brace closing {@code open}, or the end of text. */
  private void fields(Message.Builder builder, String section, @Nullable Token open) {
    // Singular fields and oneofs already given in this section, with where they were given.
    Map<FieldDescriptor, Token> given = new HashMap<>();
    Map<OneofDescriptor, Token> oneofs = new HashMap<>();
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.END) {
        if (open != null) {
          problem(open, section + ": '" + open.text() + "' is never closed");
        }
        return;
      }
      if (t.is("}") || t.is(">")) {
        at++;
        if (open == null) {
          problem(t, "unbalanced '" + t.text() + "': no section is open here");
          continue;
        }
        String closer = open.is("<") ? ">" : "}";
        if (!t.is(closer)) {
          String message = "%s: expected '%s' to close the '%s' of line %d, found '%s'";
          problem(t, message.formatted(section, closer, open.text(), open.line(), t.text()));
        }
        return;
      }
      if (t.is(";") || t.is(",")) { // optional separators
        at++;
      } else if (t.kind() == Kind.IDENT) {
        field(builder, section, given, oneofs);
      } else {
        at++;
        String what =
            t.kind() == Kind.ERROR ? t.error() : "expected a field name, found " + t.describe();
        problem(t, prefix(section) + what);
        skip();
      }
    }
  }

  private void field(
      Message.Builder builder,
      String section,
      Map<FieldDescriptor, Token> given,
      Map<OneofDescriptor, Token> oneofs) {
    Token name = next();
    Descriptor type = builder.getDescriptorForType();
    FieldDescriptor field = type.findFieldByName(name.text());
    if (field == null) {
      problem(name, prefix(section) + noSuchField(type, name.text()));
      skip();
      return;
    }
    String path = join(section, name.text());
    if (!field.isRepeated()) {
      Token first = given.putIfAbsent(field, name);
      if (first != null) {
        problem(name, path + ": given twice (first on line " + first.line() + ")");
      }
      OneofDescriptor oneof = field.getRealContainingOneof();
      Token member = oneof == null ? null : oneofs.putIfAbsent(oneof, name);
      if (member != null && !member.text().equals(name.text())) {
        String message = "%s: %s is already set (line %d), and only one member of oneof %s can be";
        problem(
            name,
            message.formatted(path, join(section, member.text()), member.line(), oneof.getName()));
      }
    }
    try {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        messageField(builder, field, path);
      } else {
        scalarField(builder, field);
      }
    } catch (BadValue e) {
      problem(e.token, path + ": " + e.getMessage());
      skip();
    }
  }

  private void messageField(Message.Builder builder, FieldDescriptor field, String path)
      throws BadValue {
    tryConsume(":"); // optional before a section
    if (field.isRepeated() && tryConsume("[")) { // a list of sections
      if (tryConsume("]")) {
        return;
      }
      do {
        section(builder, field, path);
      } while (tryConsume(","));
      expect("]", "expected ',' or ']' in the list");
    } else {
      section(builder, field, path);
    }
  }

  private void section(Message.Builder builder, FieldDescriptor field, String path)
      throws BadValue {
    Token open = peek();
    if (!open.is("{") && !open.is("<")) {
      String message = "expected '{', found %s (%s is a section: %2$s { ... })";
      throw new BadValue(open, message.formatted(open.describe(), field.getName()));
    }
    at++;
    Message.Builder sub = builder.newBuilderForField(field);
    if (!field.isRepeated() && builder.hasField(field)) {
      // Given twice: reported above; merged as protobuf merges.
      sub.mergeFrom((Message) builder.getField(field));
    }
    fields(sub, path, open);
    if (field.isRepeated()) {
      builder.addRepeatedField(field, sub.buildPartial());
    } else {
      builder.setField(field, sub.buildPartial());
    }
  }

  private void scalarField(Message.Builder builder, FieldDescriptor field) throws BadValue {
    Token colon = peek();
    if (colon.is("{") || colon.is("<")) {
      throw new BadValue(
          colon, "takes a single value (" + field.getName() + ": ...), not a section");
    }
    expect(":", "expected ':' after " + field.getName());
    Token bracket = peek();
    if (tryConsume("[")) {
      if (!field.isRepeated()) {
        throw new BadValue(bracket, "takes one value, not a list");
      }
      if (tryConsume("]")) {
        return;
      }
      do {
        builder.addRepeatedField(field, value(field));
      } while (tryConsume(","));
      expect("]", "expected ',' or ']' in the list");
    } else if (bracket.is("{") || bracket.is("<")) {
      throw new BadValue(bracket, "takes a single value, not a section");
    } else if (field.isRepeated()) {
      builder.addRepeatedField(field, value(field));
    } else {
      builder.setField(field, value(field));
    }
  }

  /**
   * After a problem: skips to the next token that can begin a field in the current section (a name
   * followed by {@code :}, <code>{</code> or {@code <}), to the brace that closes the section, or
   * to the end. Braces opened while skipping are skipped with their contents; characters that are
   * no token at all (a bad character, an unterminated string) are still reported.
   */
  private void skip() {
    int depth = 0;
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.END) {
        return;
      }
      if (depth == 0 && (t.is("}") || t.is(">") || startsField())) {
        return;
      }
      at++;
      if (t.kind() == Kind.ERROR) { // a lexical error is a problem of its own, not a consequence
        problem(t, t.error());
      } else if (t.is("{") || t.is("<")) {
        depth++;
      } else if (t.is("}") || t.is(">")) {
        depth--;
      }
    }
  }

  private boolean startsField() {
    if (peek().kind() != Kind.IDENT || at + 1 >= tokens.size()) {
      return false;
    }
    Token after = tokens.get(at + 1);
    return after.is(":") || after.is("{") || after.is("<");
  }

  // ---------------------------------------------------------------------------------------------
  // Values: one piece of code for files and --set

  private Object value(FieldDescriptor field) throws BadValue {
    Token t = peek();
    if (t.kind() == Kind.ERROR) {
      at++; // reported here, so not again while skipping
      throw new BadValue(t, t.error());
    }
    return switch (field.getJavaType()) {
      case INT, LONG -> integer(field);
      case FLOAT, DOUBLE -> floating(field);
      case BOOLEAN -> bool();
      case STRING -> strings().toStringUtf8();
      case BYTE_STRING -> strings();
      case ENUM -> enumValue(field.getEnumType());
      case MESSAGE -> throw new IllegalArgumentException(field.getFullName() + " is a message");
    };
  }

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
  private static final Pattern OCTAL = Pattern.compile("0[0-7]+");
  private static final Pattern FLOAT =
      Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[fF]?");
  private static final Pattern SPECIAL_FLOAT = Pattern.compile("(?i)inf|infinity|nan");

  private Object integer(FieldDescriptor field) throws BadValue {
    boolean negative = tryConsume("-");
    Token t = peek();
    String written = (negative ? "-" : "") + t.text();
    BigInteger value = t.kind() == Kind.NUMBER ? parseInteger(t.text()) : null;
    if (value == null) {
      throw new BadValue(
          t, "expected an integer, found " + describeValue(t, negative, INTEGER_TEXT));
    }
    at++;
    value = negative ? value.negate() : value;
    boolean unsigned =
        switch (field.getType()) {
          case UINT32, FIXED32, UINT64, FIXED64 -> true;
          default -> false;
        };
    int bits = field.getJavaType() == FieldDescriptor.JavaType.INT ? 32 : 64;
    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
    BigInteger max = BigInteger.ONE.shiftLeft(unsigned ? bits : bits - 1).subtract(BigInteger.ONE);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      String type = field.getType().name().toLowerCase(Locale.ROOT);
      throw new BadValue(
          t, "%s is out of range for %s (%s to %s)".formatted(written, type, min, max));
    }
    // Unsigned values above the signed maximum are stored in two's complement, as protobuf does.
    return bits == 32 ? (Object) value.intValue() : (Object) value.longValue();
  }

  private static @Nullable BigInteger parseInteger(String text) {
    if (DECIMAL.matcher(text).matches()) {
      return new BigInteger(text);
    } else if (HEX.matcher(text).matches()) {
      return new BigInteger(text.substring(2), 16);
    } else if (OCTAL.matcher(text).matches()) {
      return new BigInteger(text.substring(1), 8);
    }
    return null;
  }

  private Object floating(FieldDescriptor field) throws BadValue {
    boolean negative = tryConsume("-");
    Token t = peek();
    boolean isFloat = field.getJavaType() == FieldDescriptor.JavaType.FLOAT;
    double value;
    if (t.kind() == Kind.IDENT && SPECIAL_FLOAT.matcher(t.text()).matches()) {
      value = t.text().equalsIgnoreCase("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
    } else if (t.kind() == Kind.NUMBER && FLOAT.matcher(t.text()).matches()) {
      // Float.parseFloat for floats, as protobuf: rounding via double can differ in the last bit.
      String digits = t.text().replaceFirst("[fF]$", "");
      value = isFloat ? Float.parseFloat(digits) : Double.parseDouble(digits);
      if (Double.isInfinite(value)) {
        String type = isFloat ? "float" : "double";
        throw new BadValue(
            t, "%s%s is out of range for a %s".formatted(negative ? "-" : "", t.text(), type));
      }
    } else if (t.kind() == Kind.NUMBER && parseInteger(t.text()) != null) {
      value = parseInteger(t.text()).doubleValue(); // hex or octal: an integer is a number too
    } else {
      throw new BadValue(t, "expected a number, found " + describeValue(t, negative, NUMBER_TEXT));
    }
    at++;
    value = negative ? -value : value;
    return isFloat ? (Object) (float) value : (Object) value;
  }

  private Object bool() throws BadValue {
    Token t = peek();
    // A string token's text has its quotes, so "true" in quotes does not match.
    Boolean value =
        switch (t.text()) {
          case "true", "True", "t", "1" -> Boolean.TRUE;
          case "false", "False", "f", "0" -> Boolean.FALSE;
          default -> null;
        };
    if (value == null) {
      throw new BadValue(t, "expected true or false, found " + describeValue(t, false, BOOL_TEXT));
    }
    at++;
    return value;
  }

  private ByteString strings() throws BadValue {
    Token t = peek();
    if (t.kind() != Kind.STRING) {
      throw new BadValue(t, "expected a string in quotes, found " + t.describe());
    }
    ByteString value = ByteString.EMPTY;
    while (peek().kind() == Kind.STRING) { // "adjacent" "strings" are concatenated
      value = value.concat(next().bytes());
    }
    return value;
  }

  private EnumValueDescriptor enumValue(EnumDescriptor type) throws BadValue {
    List<String> names =
        type.getValues().stream()
            .filter(v -> !v.getOptions().getDeprecated())
            .map(EnumValueDescriptor::getName)
            .toList();
    String choices = String.join(", ", names);
    Token t = peek();
    if (t.kind() == Kind.IDENT) {
      EnumValueDescriptor value = type.findValueByName(t.text());
      if (value == null) {
        String near = closest(t.text(), names);
        String suggestion = near == null ? "" : "; did you mean \"" + near + "\"?";
        throw new BadValue(t, "\"" + t.text() + "\" is not one of " + choices + suggestion);
      }
      at++;
      return value;
    }
    if (t.kind() == Kind.NUMBER || t.is("-")) { // by number, as protobuf accepts
      boolean negative = tryConsume("-");
      Token number = peek();
      BigInteger n = number.kind() == Kind.NUMBER ? parseInteger(number.text()) : null;
      n = n != null && negative ? n.negate() : n;
      EnumValueDescriptor value =
          n != null && n.bitLength() < 32 ? type.findValueByNumber(n.intValue()) : null;
      if (value == null) {
        String numbered =
            type.getValues().stream()
                .filter(v -> !v.getOptions().getDeprecated())
                .map(v -> v.getName() + " (" + v.getNumber() + ")")
                .collect(Collectors.joining(", "));
        throw new BadValue(
            number, (negative ? "-" : "") + number.text() + " is not one of " + numbered);
      }
      at++;
      return value;
    }
    String hint =
        t.kind() == Kind.STRING && type.findValueByName(t.bytes().toStringUtf8()) != null
            ? " (remove the quotes)"
            : "";
    throw new BadValue(t, "expected one of " + choices + ", found " + t.describe() + hint);
  }

  // What a quoted value would have to be to be right without its quotes.
  private static final Pattern INTEGER_TEXT =
      Pattern.compile(
          "-?(" + DECIMAL.pattern() + "|" + HEX.pattern() + "|" + OCTAL.pattern() + ")");
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("-?(" + FLOAT.pattern() + "|" + HEX.pattern() + "|(?i)inf|infinity|nan)");
  private static final Pattern BOOL_TEXT = Pattern.compile("true|True|t|1|false|False|f|0");

  /** Describes a wrong value, suggesting to unquote a string that would be right without quotes. */
  private static String describeValue(Token t, boolean negative, Pattern right) {
    if (t.kind() == Kind.STRING && right.matcher(t.bytes().toStringUtf8().strip()).matches()) {
      return t.describe() + " (remove the quotes)";
    }
    return (negative ? "-" : "") + t.describe();
  }

  // ---------------------------------------------------------------------------------------------
  // Names

  /**
   * {@code no field named "x"}, with the closest field name or else every field of {@code type}.
   */
  static String noSuchField(Descriptor type, String name) {
    List<String> names =
        type.getFields().stream()
            .filter(f -> !Migration.isRetired(f))
            .map(FieldDescriptor::getName)
            .toList();
    String near = closest(name, names);
    String hint =
        near != null
            ? "; did you mean \"" + near + "\"?"
            : "; known fields: " + String.join(", ", names);
    return "no field named \"" + name + "\"" + hint;
  }

  /**
   * The candidate closest to {@code name} if it is close enough to be a typo: the same but for
   * case, or at most two edits away and no more than a third of the name's length but at least one
   * (so short names are not "corrected" into unrelated ones).
   */
  static @Nullable String closest(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int allowed = Math.min(2, Math.max(1, name.length() / 3));
    for (String candidate : candidates) {
      int d =
          candidate.equalsIgnoreCase(name)
              ? 0
              : editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int editDistance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int substitution = diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        row[j] = Math.min(substitution, Math.min(above, row[j - 1]) + 1);
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    SYMBOL,
    ERROR,
    END
  }

  /**
   * A token at its 1-based line and column: {@code text} as written; {@code bytes}, a string's
   * decoded content; {@code error}, what is wrong with an {@link Kind#ERROR} token.
   */
  record Token(Kind kind, String text, int line, int column, ByteString bytes, String error) {
    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return switch (kind) {
        case END -> "the end of the text";
        case STRING -> "the string " + text;
        case SYMBOL -> "'" + text + "'";
        default -> text;
      };
    }
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.END) {
      at++;
    }
    return t;
  }

  private boolean tryConsume(String symbol) {
    if (peek().is(symbol)) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String symbol, String otherwise) throws BadValue {
    if (!tryConsume(symbol)) {
      throw new BadValue(peek(), otherwise + ", found " + peek().describe());
    }
  }

  private static String join(String section, String name) {
    return section.isEmpty() ? name : section + "." + name;
  }

  private static String prefix(String section) {
    return section.isEmpty() ? "" : section + ": ";
  }

  private void problem(Token t, String message) {
    problems.add(
        new Located(
            t.line(),
            t.column(),
            new Problem(source + ":" + t.line() + ":" + t.column(), message)));
  }

  private record Located(int line, int column, Problem problem) {}

  private static final String SYMBOLS = "{}<>[]:;,-";

  /** Splits text into tokens, ending with an {@link Kind#END} token; never fails. */
  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int line = 1;
    int lineStart = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int start = i;
      int column = start - lineStart + 1;
      if (c == '\n') {
        i++;
        line++;
        lineStart = i;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (Character.isLetter(c) && c < 128 || c == '_') {
        while (i < s.length() && isIdentPart(s.charAt(i))) {
          i++;
        }
        tokens.add(
            new Token(Kind.IDENT, s.substring(start, i), line, column, ByteString.EMPTY, ""));
      } else if (isDigit(c) || c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1))) {
        boolean hex = s.startsWith("0x", i) || s.startsWith("0X", i);
        i++;
        while (i < s.length()) {
          char d = s.charAt(i);
          boolean exponentSign = (d == '+' || d == '-') && !hex && (s.charAt(i - 1) | 0x20) == 'e';
          if (!isIdentPart(d) && d != '.' && !exponentSign) {
            break;
          }
          i++;
        }
        tokens.add(
            new Token(Kind.NUMBER, s.substring(start, i), line, column, ByteString.EMPTY, ""));
      } else if (c == '"' || c == '\'') {
        i = string(s, i, line, column, tokens);
      } else if (SYMBOLS.indexOf(c) >= 0) {
        i++;
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), line, column, ByteString.EMPTY, ""));
      } else {
        i += Character.charCount(s.codePointAt(i));
        String text = s.substring(start, i);
        String shown =
            Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c) // keeps the message on one readable line
                : "'" + text + "'";
        tokens.add(
            new Token(
                Kind.ERROR, text, line, column, ByteString.EMPTY, "unexpected character " + shown));
      }
    }
    int column = i - lineStart + 1;
    tokens.add(new Token(Kind.END, "", line, column, ByteString.EMPTY, ""));
    return tokens;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentPart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
  }

  /**
   * Reads the quoted string starting at {@code start}, adds its token and returns where it ends.
   */
  private static int string(String s, int start, int line, int column, List<Token> tokens) {
    char quote = s.charAt(start);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String error = null;
    int i = start + 1;
    while (true) {
      if (i >= s.length() || s.charAt(i) == '\n') { // strings do not span lines
        tokens.add(
            new Token(
                Kind.ERROR,
                s.substring(start, i),
                line,
                column,
                ByteString.EMPTY,
                "unterminated string (a string ends with " + quote + " on the line it starts)"));
        return i;
      }
      char c = s.charAt(i);
      if (c == quote) {
        i++;
        break;
      }
      if (c != '\\') {
        int codePoint = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint);
        continue;
      }
      if (i + 1 >= s.length() || s.charAt(i + 1) == '\n') {
        i++; // a backslash at the end of the line: unterminated, reported above
        continue;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'r' -> out.write('\r');
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'v' -> out.write(11);
        case '\\', '\'', '"', '?' -> out.write(e);
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int end = i - 1;
          while (end < s.length() && end < i + 2 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            end++;
          }
          out.write(Integer.parseInt(s.substring(i - 1, end), 8) & 0xff);
          i = end;
        }
        case 'x', 'u', 'U' -> {
          int max = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          int end = i;
          while (end < s.length() && end < i + max && Character.digit(s.charAt(end), 16) >= 0) {
            end++;
          }
          int value = end == i ? -1 : (int) Long.parseLong(s.substring(i, end), 16);
          if (e == 'x' && end > i) {
            out.write(value);
          } else if (e != 'x' && end == i + max && Character.isValidCodePoint(value)) {
            out.writeBytes(new String(Character.toChars(value)).getBytes(StandardCharsets.UTF_8));
          } else if (error == null) {
            error = "invalid escape '\\" + s.substring(i - 1, end) + "' in a string";
          }
          i = end;
        }
        default -> {
          if (error == null) {
            error = "invalid escape '\\" + e + "' in a string";
          }
        }
      }
    }
    String text = s.substring(start, i);
    tokens.add(
        error == null
            ? new Token(Kind.STRING, text, line, column, ByteString.copyFrom(out.toByteArray()), "")
            : new Token(Kind.ERROR, text, line, column, ByteString.EMPTY, error));
    return i;
  }
}
