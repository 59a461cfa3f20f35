package org.unimo.tasks.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>{@code image_id} is a number in VQA v2 (COCO's image id) but may also be a non-blank string,
 * such as the scene ids ({@code "train-000042"}) of {@code unimo export-shapes}; either way {@link
 * VqaExample#imageId()} is the string the image's row of region features is keyed by ({@code
 * 458752} becomes {@code "458752"}). {@code question_id} must be an integer.
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
    StreamedJson document = StreamedJson.open(file);
    try (document) {
      JsonReader json = document.reader();
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
          throw DataFileException.atLine(file, document.line(), "\"" + arrayName + "\" is not an array");
        }
        json.beginArray();
        for (int i = 0; json.hasNext(); i++) {
          Record record = new Record(file, arrayName + "[" + i + "]", document.line());
          JsonElement element = StreamedJson.element(json);
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
        throw DataFileException.atLine(file, document.line(), "more than one JSON value");
      }
      if (!found) {
        throw DataFileException.inFile(file, "no \"" + arrayName + "\" array: not a VQA " + arrayName + " file");
      }
    } catch (DataFileException e) {
      throw e;
    } catch (IOException | IllegalStateException | JsonParseException e) {
      throw document.failure(e, "not a JSON object with a \"" + arrayName + "\" array");
    }
  }
}
