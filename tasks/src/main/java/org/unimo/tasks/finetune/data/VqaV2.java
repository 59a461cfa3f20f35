package org.unimo.tasks.finetune.data;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.MalformedInputException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.JsonLines;

/**
 * VQA v2's question and annotation files, joined by {@code question_id}.
 *
 * <ul>
 *   <li><b>Questions</b> ({@code v2_OpenEnded_mscoco_train2014_questions.json}): {@code
 *       {"questions": [{"image_id": 458752, "question": "What is this photo taken looking
 *       through?", "question_id": 458752000}, ...], "info": ..., ...}}.
 *   <li><b>Annotations</b> ({@code v2_mscoco_train2014_annotations.json}): {@code {"annotations":
 *       [{"question_id": 458752000, "image_id": 458752, "answers": [{"answer": "net",
 *       "answer_confidence": "maybe", "answer_id": 1}, ...], "multiple_choice_answer": "net",
 *       "answer_type": "other", "question_type": "what is this"}, ...], ...}}.
 * </ul>
 *
 * <p>Every question must have exactly one annotation, with the same {@code image_id}, and every
 * annotation a question; a test set, which has no annotation file, is read by {@link
 * #readQuestions}. Other top-level fields ({@code info}, {@code license}, {@code data_subtype},
 * ...) and other record fields ({@code answer_confidence}, {@code answer_id}) are skipped.
 *
 * <p>Answers are normalized minimally, by {@link #normalize}: lowercase and stripped. The official
 * VQA evaluation normalizes much more (punctuation, articles, number words, contractions); that is
 * the metrics' job ({@code org.unimo.tasks.metrics}), which scores predictions against the raw
 * answers. Keeping this side minimal means an answer class is what annotators typed, give or take
 * case and surrounding spaces.
 *
 * <p>Both files are streamed with Gson's {@link JsonReader} (strict RFC 8259), one record at a
 * time; the annotations are held in memory until their questions are read (VQA v2's train
 * annotations, 443,757 questions with 10 answers each, take a few hundred MB of heap). UTF-8 is
 * decoded strictly and {@code .gz} read as gzip. A malformed record (a missing or mistyped field, a
 * duplicate id, a question without annotation) is a bad row for the {@link BadRows} policy, named
 * by file, line and record ({@code questions.json:7: questions[3]: missing "question"}); a syntax
 * error, bytes that are not UTF-8 or a file without the expected array stop the read, named by
 * file and line.
 *
 * <pre>{@code
 * List<VqaExample> train = VqaV2.read(Path.of("v2_OpenEnded_mscoco_train2014_questions.json"),
 *     Path.of("v2_mscoco_train2014_annotations.json"), BadRows.fail());
 * Map<String, Float> scores = VqaV2.scores(train.get(0)); // {"net": 1.0, "netting": 0.33333334, ...}
 * }</pre>
 */
public final class VqaV2 {
  private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);
  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  private VqaV2() {}

  /**
   * The questions of {@code questions} joined with their annotations in {@code annotations}, in
   * the questions' file order.
   *
   * @throws DataFileException for a malformed file, a bad record the policy does not skip, or no
   *     questions at all
   */
  public static List<VqaExample> read(Path questions, Path annotations, BadRows bad) throws IOException {
    Map<Long, Annotation> byQuestion = new LinkedHashMap<>();
    Map<String, String> pool = new HashMap<>();
    long badBefore = bad.count();
    stream(annotations, "annotations", bad, (record, object) -> {
      Annotation annotation = annotation(annotations, record, object, pool);
      Annotation before = byQuestion.putIfAbsent(annotation.questionId(), annotation);
      if (before != null) {
        throw record.problem("question_id " + annotation.questionId() + " repeats " + before.record());
      }
    });
    List<VqaExample> examples = new ArrayList<>();
    Map<Long, String> seen = new HashMap<>();
    stream(questions, "questions", bad, (record, object) -> {
      Question question = question(record, object);
      String before = seen.putIfAbsent(question.id(), record.name());
      if (before != null) {
        throw record.problem("question_id " + question.id() + " repeats " + before);
      }
      Annotation annotation = byQuestion.get(question.id());
      if (annotation == null) {
        throw record.problem("question " + question.id() + " has no annotation in " + annotations);
      }
      if (!annotation.imageId().equals(question.imageId())) {
        throw record.problem(
            "image_id " + question.imageId() + ", but its annotation (" + annotations + ":" + annotation.record() + ") has " + annotation.imageId());
      }
      examples.add(new VqaExample(
          question.id(), question.imageId(), question.text(), annotation.answers(), annotation.multipleChoiceAnswer(),
          annotation.answerType(), annotation.questionType(), record.where()));
    });
    if (examples.isEmpty()) {
      long skipped = bad.count() - badBefore;
      throw DataFileException.inFile(questions, "no questions" + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    for (Annotation annotation : byQuestion.values()) {
      if (!seen.containsKey(annotation.questionId())) {
        bad.reject(DataFileException.atLine(
            annotations, annotation.line(), annotation.record() + ": question " + annotation.questionId() + " is not in " + questions));
      }
    }
    return examples;
  }

  /**
   * The questions of a test set, which has no annotations: examples without answers.
   *
   * @throws DataFileException for a malformed file, a bad record the policy does not skip, or no
   *     questions at all
   */
  public static List<VqaExample> readQuestions(Path questions, BadRows bad) throws IOException {
    List<VqaExample> examples = new ArrayList<>();
    Map<Long, String> seen = new HashMap<>();
    long badBefore = bad.count();
    stream(questions, "questions", bad, (record, object) -> {
      Question question = question(record, object);
      String before = seen.putIfAbsent(question.id(), record.name());
      if (before != null) {
        throw record.problem("question_id " + question.id() + " repeats " + before);
      }
      examples.add(new VqaExample(question.id(), question.imageId(), question.text(), List.of(), null, null, null, record.where()));
    });
    if (examples.isEmpty()) {
      long skipped = bad.count() - badBefore;
      throw DataFileException.inFile(questions, "no questions" + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    return examples;
  }

  /**
   * The reader's answer normalization: lowercase ({@link Locale#ROOT}) and stripped, nothing more.
   * The official VQA normalization belongs to the metrics.
   */
  public static String normalize(String answer) {
    return answer.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The soft target score of every distinct answer of {@code example}: {@code min(1, n / 3)} with
   * {@code n} the number of annotators who gave that (normalized) answer, so 1 answer scores 1/3,
   * 2 score 2/3 and 3 or more score 1. Sorted by answer; empty for a test-set question.
   *
   * <p>This is the "3 humans agree" rule of the VQA accuracy without the official averaging over
   * the 10 subsets of 9 annotators, which would give 0.3, 0.6, 0.9 and 1 instead.
   */
  public static Map<String, Float> scores(VqaExample example) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String answer : example.answers()) {
      counts.merge(answer, 1, Integer::sum);
    }
    Map<String, Float> scores = new LinkedHashMap<>();
    counts.forEach((answer, n) -> scores.put(answer, Math.min(1f, n / 3f)));
    return scores;
  }

  private record Question(long id, String imageId, String text) {}

  private record Annotation(
      long questionId, String imageId, List<String> answers, String multipleChoiceAnswer,
      @Nullable String answerType, @Nullable String questionType, String record, long line) {}

  /** Where a record is: its name ({@code questions[3]}) and line. */
  private record Record(Path file, String name, long line) {
    DataFileException problem(String problem) {
      return DataFileException.atLine(file, line, name + ": " + problem);
    }

    String where() {
      return file + ":" + line + ": " + name;
    }
  }

  private interface RecordHandler {
    void accept(Record record, JsonObject object) throws DataFileException;
  }

  private static Question question(Record record, JsonObject object) throws DataFileException {
    return new Question(id(record, object, "question_id"), imageId(record, object), text(record, object, "question"));
  }

  private static Annotation annotation(Path file, Record record, JsonObject object, Map<String, String> pool) throws DataFileException {
    long questionId = id(record, object, "question_id");
    String imageId = imageId(record, object);
    JsonElement answersField = object.get("answers");
    if (answersField == null) {
      throw record.problem("missing \"answers\"");
    }
    if (!answersField.isJsonArray()) {
      throw record.problem("\"answers\" is not an array");
    }
    JsonArray array = answersField.getAsJsonArray();
    List<String> answers = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonElement answer = array.get(i).isJsonObject() ? array.get(i).getAsJsonObject().get("answer") : null;
      if (!JsonLines.isString(answer)) {
        throw record.problem("answers[" + i + "] needs \"answer\", a string");
      }
      String normalized = normalize(answer.getAsString());
      if (!normalized.isEmpty()) {
        answers.add(pool.computeIfAbsent(normalized, a -> a));
      }
    }
    if (answers.isEmpty()) {
      throw record.problem("no answers" + (array.isEmpty() ? "" : " that are not blank"));
    }
    String multipleChoice = normalize(text(record, object, "multiple_choice_answer"));
    return new Annotation(
        questionId, imageId, answers, pool.computeIfAbsent(multipleChoice, a -> a),
        optional(record, object, "answer_type", pool), optional(record, object, "question_type", pool), record.name(), record.line());
  }

  private static long id(Record record, JsonObject object, String field) throws DataFileException {
    JsonElement id = object.get(field);
    if (id == null) {
      throw record.problem("missing \"" + field + "\"");
    }
    if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber()) {
      throw record.problem("\"" + field + "\" is " + JsonLines.shorten(id.toString()) + ", not a number");
    }
    try {
      return id.getAsBigDecimal().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw record.problem("\"" + field + "\" is " + id + ", not an integer");
    }
  }

  private static String imageId(Record record, JsonObject object) throws DataFileException {
    JsonElement id = object.get("image_id");
    if (id == null) {
      throw record.problem("missing \"image_id\"");
    }
    if (!id.isJsonPrimitive() || id.getAsJsonPrimitive().isBoolean()) {
      throw record.problem("\"image_id\" is " + JsonLines.shorten(id.toString()) + ", not a number or a string");
    }
    JsonPrimitive primitive = id.getAsJsonPrimitive();
    String value;
    try {
      value = primitive.isNumber() ? new BigDecimal(primitive.getAsString()).toPlainString() : primitive.getAsString().strip();
    } catch (NumberFormatException e) {
      throw record.problem("\"image_id\" is " + id + ", not a number");
    }
    if (value.isEmpty()) {
      throw record.problem("\"image_id\" is blank");
    }
    return value;
  }

  private static String text(Record record, JsonObject object, String field) throws DataFileException {
    JsonElement value = object.get(field);
    if (value == null) {
      throw record.problem("missing \"" + field + "\"");
    }
    if (!JsonLines.isString(value)) {
      throw record.problem("\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
    }
    String text = value.getAsString().strip();
    if (text.isEmpty()) {
      throw record.problem("\"" + field + "\" is blank");
    }
    return text;
  }

  private static @Nullable String optional(Record record, JsonObject object, String field, Map<String, String> pool)
      throws DataFileException {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!JsonLines.isString(value)) {
      throw record.problem("\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
    }
    return pool.computeIfAbsent(value.getAsString(), a -> a);
  }

  /**
   * Streams the records of the top-level array {@code arrayName} of {@code file} to {@code
   * handler}; a record the handler rejects goes to {@code bad}.
   */
  private static void stream(Path file, String arrayName, BadRows bad, RecordHandler handler) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream bytes = raw;
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        bytes = new GzipData(new GZIPInputStream(raw, 1 << 16));
      } catch (IOException e) {
        raw.close();
        throw DataFileException.inFile(file, "not gzip data, though the name ends in .gz (" + e.getMessage() + ")");
      }
    }
    LineCounter chars = new LineCounter(bytes);
    try (JsonReader json = new JsonReader(chars)) {
      json.setStrictness(Strictness.STRICT);
      boolean found = false;
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        if (!name.equals(arrayName) || found) {
          json.skipValue();
          continue;
        }
        found = true;
        if (json.peek() != JsonToken.BEGIN_ARRAY) {
          throw DataFileException.atLine(file, line(json), "\"" + arrayName + "\" is not an array");
        }
        json.beginArray();
        for (int i = 0; json.hasNext(); i++) {
          Record record = new Record(file, arrayName + "[" + i + "]", line(json));
          JsonElement element = ELEMENT.read(json);
          try {
            if (!element.isJsonObject()) {
              throw record.problem("not an object");
            }
            handler.accept(record, element.getAsJsonObject());
          } catch (DataFileException e) {
            bad.reject(e);
          }
        }
        json.endArray();
      }
      json.endObject();
      if (json.peek() != JsonToken.END_DOCUMENT) {
        throw DataFileException.atLine(file, line(json), "more than one JSON value");
      }
      if (!found) {
        throw DataFileException.inFile(file, "no \"" + arrayName + "\" array: not a VQA " + arrayName + " file");
      }
    } catch (CharacterCodingException e) {
      throw DataFileException.atLine(file, chars.line(), "not UTF-8 text");
    } catch (GzipFailure e) {
      throw DataFileException.atLine(file, chars.line(), "truncated or corrupt gzip data (" + e.getMessage() + ")");
    } catch (DataFileException e) {
      throw e;
    } catch (IOException | IllegalStateException | JsonParseException e) {
      // Gson's MalformedJsonException, EOFException ("End of input") and IllegalStateException
      // ("Expected BEGIN_OBJECT but was ...") all mean the document is not what it should be.
      throw DataFileException.atLine(file, chars.line(), "not a JSON object with a \"" + arrayName + "\" array: " + reason(e));
    }
  }

  /** The line the parser is at, from its one public description of where it is. */
  private static long line(JsonReader json) {
    Matcher at = POSITION.matcher(json.toString());
    return at.find() ? Long.parseLong(at.group(1)) : 0;
  }

  /** Gson's message without its position (the line is said already) and troubleshooting link. */
  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf(" at line ");
    String reason = at >= 0 ? message.substring(0, at) : message;
    if (reason.startsWith("Use JsonReader.setStrictness")) {
      reason = "malformed JSON"; // Gson's advice to be lenient is not ours
    }
    int path = message.indexOf(" path $");
    if (path >= 0) {
      int end = message.indexOf('\n', path);
      reason += " at " + message.substring(path + 6, end < 0 ? message.length() : end).strip();
    }
    return reason;
  }

  /**
   * Strict UTF-8 that counts lines, so a decoding error names its own line: {@link
   * InputStreamReader} would throw before handing out the characters decoded ahead of the bad byte,
   * and the count would then fall short.
   */
  private static final class LineCounter extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private boolean done;
    private @Nullable CharacterCodingException failure;
    private long newlines;

    LineCounter(InputStream in) {
      this.in = in;
    }

    /** The line of the next character to read (1-based). */
    long line() {
      return newlines + 1;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (!chars.hasRemaining()) {
        if (failure != null) {
          throw failure;
        }
        if (done) {
          return -1;
        }
        decode();
      }
      int read = Math.min(length, chars.remaining());
      chars.get(buffer, offset, read);
      for (int i = offset; i < offset + read; i++) {
        if (buffer[i] == '\n') {
          newlines++;
        }
      }
      return read;
    }

    /** Decodes what it can into {@link #chars}; notes a failure after the characters before it. */
    private void decode() throws IOException {
      chars.clear();
      while (chars.position() == 0) {
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError()) {
          failure = new MalformedInputException(result.length());
          break;
        }
        if (result.isOverflow()) {
          break;
        }
        if (endOfInput) {
          decoder.flush(chars);
          done = true;
          break;
        }
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
          endOfInput = true;
        } else {
          bytes.position(bytes.position() + read);
        }
        bytes.flip();
      }
      chars.flip();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** gzip failures told apart from the JSON parser's end of input. */
  private static final class GzipFailure extends IOException {
    GzipFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static final class GzipData extends FilterInputStream {
    GzipData(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException | ZipException e) {
        throw new GzipFailure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (EOFException | ZipException e) {
        throw new GzipFailure(e);
      }
    }
  }
}
