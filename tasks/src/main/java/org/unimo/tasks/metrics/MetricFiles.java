package org.unimo.tasks.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.Utf8;
import org.unimo.tasks.formats.StrictJson;

/**
 * Readers for the prediction and reference files of {@code unimo score}, in the official formats
 * where there is one (COCO caption results and annotations, VQA results, annotations and
 * questions, GLUE TSV) and in documented JSON lines for retrieval. Files are strict UTF-8; every
 * problem is a {@link DataFileException} naming the file and the line or record.
 */
public final class MetricFiles {
  private MetricFiles() {}

  /** Predictions one per line; a final empty line is the file's end, any other is an error. */
  public static List<String> lines(Path file) throws IOException {
    return lines(file, "prediction");
  }

  /**
   * Texts one per line, stripped, each a {@code what} (named in the errors): a final empty line is
   * the file's end, any other is an error.
   */
  public static List<String> lines(Path file, String what) throws IOException {
    List<String> lines = textLines(file);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        throw DataFileException.atLine(file, i + 1, "an empty line: one " + what + " per line");
      }
      lines.set(i, line);
    }
    if (lines.isEmpty()) {
      throw DataFileException.inFile(file, "no " + what + "s");
    }
    return lines;
  }

  /**
   * CoQA gold answers, the answers of one question per line separated by TAB ({@code
   * white<TAB>white<TAB>a white kitten<TAB>white}); an empty answer between tabs is an error.
   */
  public static List<List<String>> goldAnswers(Path file) throws IOException {
    List<String> lines = lines(file, "reference");
    List<List<String>> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      List<String> answers = new ArrayList<>();
      for (String answer : lines.get(i).split("\t", -1)) {
        if (answer.isBlank()) {
          throw DataFileException.atLine(file, i + 1, "an empty gold answer (answers are separated by one TAB)");
        }
        answers.add(answer.strip());
      }
      out.add(answers);
    }
    return out;
  }

  /** Numbers one per line, for the correlations. */
  public static double[] numbers(Path file, List<String> values, int firstLine) throws DataFileException {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Double.parseDouble(values.get(i));
      } catch (NumberFormatException e) {
        throw DataFileException.atLine(file, firstLine + i, "'" + values.get(i) + "' is not a number");
      }
      if (!Double.isFinite(out[i])) {
        throw DataFileException.atLine(file, firstLine + i, "'" + values.get(i) + "' is not a finite number");
      }
    }
    return out;
  }

  /**
   * One column of a tab-separated file whose first line names the columns (GLUE's dev.tsv and
   * train.tsv: {@code label} for the classification tasks, {@code score} for STS-B).
   */
  public static List<String> tsvColumn(Path file, String column) throws IOException {
    List<String> lines = textLines(file);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      throw DataFileException.inFile(file, "empty: expected a header line naming the columns");
    }
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int index = header.indexOf(column);
    if (index < 0) {
      throw DataFileException.atLine(file, 1, "no column '" + column + "' in the header (columns: " + String.join(", ", header) + ")");
    }
    List<String> values = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] fields = lines.get(i).split("\t", -1);
      if (fields.length <= index) {
        throw DataFileException.atLine(file, i + 1, fields.length + " fields, but '" + column + "' is field " + (index + 1));
      }
      String value = fields[index].strip();
      if (value.isEmpty()) {
        throw DataFileException.atLine(file, i + 1, "no value in column '" + column + "'");
      }
      values.add(value);
    }
    if (values.isEmpty()) {
      throw DataFileException.inFile(file, "no rows after the header");
    }
    return values;
  }

  /**
   * COCO caption results ({@code [{"image_id": 42, "caption": "..."}]}, one per image) against
   * COCO caption annotations ({@code {"images": [{"id": 42}], "annotations": [{"image_id": 42,
   * "caption": "..."}]}}). The images are those of the results, in the order of the annotations'
   * {@code images} list (else of their first caption), each with its references in file order:
   * the order in which pycocoevalcap tokenizes them.
   */
  public static List<CaptionExample> captions(Path results, Path annotations) throws IOException {
    JsonArray predicted = array(results, read(results), "the results", "a JSON array of {\"image_id\", \"caption\"}");
    Map<String, String> candidates = new LinkedHashMap<>();
    for (int i = 0; i < predicted.size(); i++) {
      String where = "[" + i + "]";
      JsonObject record = object(results, predicted.get(i), where);
      String image = id(results, record, "image_id", where);
      String caption = string(results, record, "caption", where);
      if (candidates.put(image, caption) != null) {
        throw DataFileException.atRecord(results, where, "a second caption for image " + image + " (one per image)");
      }
    }
    if (candidates.isEmpty()) {
      throw DataFileException.inFile(results, "no results");
    }
    JsonObject reference = object(annotations, read(annotations), "the file");
    JsonArray anns = array(annotations, member(annotations, reference, "annotations", ""), "annotations", "an array");
    Map<String, List<String>> references = new LinkedHashMap<>();
    for (int i = 0; i < anns.size(); i++) {
      String where = "annotations[" + i + "]";
      JsonObject record = object(annotations, anns.get(i), where);
      references.computeIfAbsent(id(annotations, record, "image_id", where), k -> new ArrayList<>()).add(string(annotations, record, "caption", where));
    }
    Set<String> order = new LinkedHashSet<>();
    if (reference.has("images")) {
      JsonArray images = array(annotations, reference.get("images"), "images", "an array");
      for (int i = 0; i < images.size(); i++) {
        order.add(id(annotations, object(annotations, images.get(i), "images[" + i + "]"), "id", "images[" + i + "]"));
      }
    }
    order.addAll(references.keySet());
    for (String image : candidates.keySet()) {
      if (!references.containsKey(image)) {
        throw DataFileException.inFile(results, "image " + image + " has no reference captions in " + annotations);
      }
    }
    List<CaptionExample> examples = new ArrayList<>();
    for (String image : order) {
      if (candidates.containsKey(image)) {
        examples.add(new CaptionExample(image, candidates.get(image), references.get(image)));
      }
    }
    return examples;
  }

  /**
   * VQA results ({@code [{"question_id": 1, "answer": "..."}]}) against VQA v2 annotations
   * ({@code {"annotations": [{"question_id", "answers": [{"answer", ...}], "answer_type",
   * "question_type"}]}}). As the official loader demands, the results answer exactly the annotated
   * questions. The types come from the annotation, else from the question's record in {@code
   * questions} (a VQA questions JSON), whose questions must include the annotated ones.
   */
  public static List<VqaAccuracy.Question> vqa(Path results, Path annotations, @Nullable Path questions) throws IOException {
    JsonArray predicted = array(results, read(results), "the results", "a JSON array of {\"question_id\", \"answer\"}");
    Map<String, String> answers = new LinkedHashMap<>();
    for (int i = 0; i < predicted.size(); i++) {
      String where = "[" + i + "]";
      JsonObject record = object(results, predicted.get(i), where);
      String question = id(results, record, "question_id", where);
      if (answers.put(question, string(results, record, "answer", where)) != null) {
        throw DataFileException.atRecord(results, where, "a second answer for question " + question);
      }
    }
    Map<String, JsonObject> questionRecords = new LinkedHashMap<>();
    if (questions != null) {
      JsonObject file = object(questions, read(questions), "the file");
      JsonArray list = array(questions, member(questions, file, "questions", ""), "questions", "an array");
      for (int i = 0; i < list.size(); i++) {
        JsonObject record = object(questions, list.get(i), "questions[" + i + "]");
        questionRecords.put(id(questions, record, "question_id", "questions[" + i + "]"), record);
      }
    }
    JsonObject file = object(annotations, read(annotations), "the file");
    JsonArray anns = array(annotations, member(annotations, file, "annotations", ""), "annotations", "an array");
    List<VqaAccuracy.Question> out = new ArrayList<>();
    Set<String> annotated = new LinkedHashSet<>();
    for (int i = 0; i < anns.size(); i++) {
      String where = "annotations[" + i + "]";
      JsonObject record = object(annotations, anns.get(i), where);
      String question = id(annotations, record, "question_id", where);
      if (!annotated.add(question)) {
        throw DataFileException.atRecord(annotations, where, "question " + question + " is annotated twice");
      }
      JsonArray human = array(annotations, member(annotations, record, "answers", where), where + ".answers", "an array");
      List<VqaAccuracy.HumanAnswer> humanAnswers = new ArrayList<>();
      for (int a = 0; a < human.size(); a++) {
        String at = where + ".answers[" + a + "]";
        JsonObject answer = object(annotations, human.get(a), at);
        String text = string(annotations, answer, "answer", at);
        JsonObject identity = answer.deepCopy();
        identity.remove("answer");
        humanAnswers.add(new VqaAccuracy.HumanAnswer(text, identity));
      }
      if (humanAnswers.isEmpty()) {
        throw DataFileException.atRecord(annotations, where, "no answers");
      }
      JsonObject questionRecord = questionRecords.get(question);
      if (questions != null && questionRecord == null) {
        throw DataFileException.inFile(questions, "no question " + question + " (annotated in " + annotations + ")");
      }
      String prediction = answers.get(question);
      if (prediction == null) {
        throw DataFileException.inFile(results, "no answer for question " + question + " (the results must answer every annotated question)");
      }
      out.add(new VqaAccuracy.Question(
          question, humanAnswers, type(record, questionRecord, "answer_type"), type(record, questionRecord, "question_type"), prediction));
    }
    for (String question : answers.keySet()) {
      if (!annotated.contains(question)) {
        throw DataFileException.inFile(results, "question " + question + " is not in " + annotations);
      }
    }
    if (out.isEmpty()) {
      throw DataFileException.inFile(annotations, "no annotations");
    }
    return out;
  }

  /** A ranked retrieval result or its relevant items: {@code {"query": ID, KEY: [ID, ...]}} per line. */
  public static Map<String, List<String>> idLists(Path file, String key) throws IOException {
    List<String> lines = textLines(file);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonElement parsed;
      try {
        parsed = StrictJson.parse(line);
      } catch (StrictJson.SyntaxError e) {
        throw DataFileException.atLine(file, i + 1, "not JSON" + (e.column() > 0 ? " (column " + e.column() + ")" : ""));
      }
      if (!parsed.isJsonObject()) {
        throw DataFileException.atLine(file, i + 1, "not a JSON object: {\"query\": ID, \"" + key + "\": [ID, ...]}");
      }
      JsonObject record = parsed.getAsJsonObject();
      String query = lineId(file, i + 1, record.get("query"), "\"query\"");
      JsonElement ids = record.get(key);
      if (ids == null || !ids.isJsonArray()) {
        throw DataFileException.atLine(file, i + 1, "needs \"" + key + "\", an array of ids");
      }
      List<String> list = new ArrayList<>();
      for (JsonElement id : ids.getAsJsonArray()) {
        list.add(lineId(file, i + 1, id, "\"" + key + "\" items"));
      }
      if (out.put(query, list) != null) {
        throw DataFileException.atLine(file, i + 1, "query " + query + " appears twice");
      }
    }
    if (out.isEmpty()) {
      throw DataFileException.inFile(file, "no queries");
    }
    return out;
  }

  private static String lineId(Path file, long line, @Nullable JsonElement id, String what) throws DataFileException {
    if (id != null && id.isJsonPrimitive() && !id.getAsJsonPrimitive().isBoolean()) {
      return id.getAsString();
    }
    throw DataFileException.atLine(file, line, what + " must be strings or numbers");
  }

  private static @Nullable String type(JsonObject annotation, @Nullable JsonObject question, String key) {
    for (JsonObject record : new JsonObject[] {annotation, question}) {
      if (record != null && record.has(key) && record.get(key).isJsonPrimitive()) {
        return record.get(key).getAsString();
      }
    }
    return null;
  }

  private static JsonElement read(Path file) throws IOException {
    String text = String.join("\n", textLines(file));
    try {
      return StrictJson.parse(text);
    } catch (StrictJson.SyntaxError e) {
      if (e.line() > 0) {
        throw DataFileException.atLine(file, e.line(), "not JSON (column " + e.column() + ")");
      }
      throw DataFileException.inFile(file, "not JSON");
    }
  }

  /** The file's lines, strict UTF-8, a leading byte-order mark dropped. */
  private static List<String> textLines(Path file) throws IOException {
    String text = Utf8.read(file);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    return lines;
  }

  private static JsonObject object(Path file, JsonElement element, String where) throws DataFileException {
    if (!element.isJsonObject()) {
      throw DataFileException.atRecord(file, where, "not a JSON object");
    }
    return element.getAsJsonObject();
  }

  private static JsonArray array(Path file, JsonElement element, String where, String expected) throws DataFileException {
    if (!element.isJsonArray()) {
      throw DataFileException.atRecord(file, where, "should be " + expected);
    }
    return element.getAsJsonArray();
  }

  private static JsonElement member(Path file, JsonObject object, String key, String where) throws DataFileException {
    JsonElement value = object.get(key);
    if (value == null) {
      throw DataFileException.atRecord(file, where.isEmpty() ? "the file" : where, "missing \"" + key + "\"");
    }
    return value;
  }

  private static String string(Path file, JsonObject object, String key, String where) throws DataFileException {
    JsonElement value = member(file, object, key, where);
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw DataFileException.atRecord(file, where, "\"" + key + "\" must be a string");
    }
    return value.getAsString();
  }

  /** An id: a number or a string, compared as text. */
  private static String id(Path file, JsonObject object, String key, String where) throws DataFileException {
    JsonElement value = member(file, object, key, where);
    if (value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean()) {
      JsonPrimitive p = value.getAsJsonPrimitive();
      return p.isNumber() ? p.getAsNumber().toString() : p.getAsString();
    }
    throw DataFileException.atRecord(file, where, "\"" + key + "\" must be a number or a string");
  }
}
