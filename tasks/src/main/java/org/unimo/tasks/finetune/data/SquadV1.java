package org.unimo.tasks.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;
import org.unimo.tasks.formats.JsonLines;

/**
 * SQuAD 1.1 ({@code train-v1.1.json}, {@code dev-v1.1.json}), read for question generation: the
 * paragraph and an answer give the question.
 *
 * <pre>{@code
 * {"version": "1.1",
 *  "data": [{"title": "University_of_Notre_Dame",
 *            "paragraphs": [{"context": "Architecturally, the school has a Catholic character. ...",
 *                            "qas": [{"id": "5733be284776f41900661182", "question": "To whom did the Virgin Mary ...",
 *                                     "answers": [{"answer_start": 515, "text": "Saint Bernadette Soubirous"}]}, ...]}, ...]}, ...]}
 * }</pre>
 *
 * <p>Read are each article's {@code "title"}, each paragraph's {@code "context"} and, per
 * question, {@code "id"}, {@code "question"} and every answer's {@code "text"} and {@code
 * "answer_start"}; other fields ({@code "version"}, SQuAD 2.0's {@code "is_impossible"} and
 * {@code "plausible_answers"}, ...) are skipped. The context and the answers are kept as written,
 * the question is stripped.
 *
 * <p>Each answer must be where {@code answer_start} says: the context's text at that offset (in
 * code points, as Python counts) is the answer's text exactly. That holds for every answer of the
 * official SQuAD 1.1 files (loaders that found otherwise had stripped the context first), so a
 * mismatch means a damaged or converted file and is a bad row. {@link SquadQuestion.Answer#start()}
 * is then the Java string index of the same place.
 *
 * <p>The file is streamed with Gson's {@link JsonReader} (strict RFC 8259), one paragraph at a
 * time, so SQuAD's 30 MB train file takes no more heap than the questions kept; strict UTF-8,
 * {@code .gz} read as gzip. A bad row for the {@link BadRows} policy, named by file, line and
 * record ({@code train-v1.1.json:1: data[3].paragraphs[1].qas[0]: missing "question"}; SQuAD's
 * files are one line, so the record says where, and the line is where the paragraph starts): a
 * question that misses or mistypes a field, has no answers (as SQuAD 2.0's unanswerable ones),
 * an answer that is not at its offset or the id of an earlier question; a paragraph without a
 * context or a {@code "qas"} array (its questions are lost with it); an article without a title or
 * a {@code "paragraphs"} array. A syntax error, bytes that are not UTF-8 or a file without a
 * {@code "data"} array stop the read, named by file and line.
 *
 * <pre>{@code
 * List<SquadQuestion> train = SquadV1.read(Path.of("train-v1.1.json"), BadRows.fail());
 * try (DataReader<SquadQuestion> dev = SquadV1.open(Path.of("dev-v1.1.json.gz"), BadRows.skip())) {
 *   while (dev.hasNext()) {
 *     SquadQuestion q = dev.next(); // q.context(), q.answer() -> q.question()
 *   }
 * }
 * }</pre>
 */
public final class SquadV1 {
  private SquadV1() {}

  /**
   * Opens {@code file} to read its questions one by one.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws DataFileException if it is not a JSON object with a {@code "data"} array (found before
   *     the first question is read)
   */
  public static DataReader<SquadQuestion> open(Path file, BadRows bad) throws IOException {
    return new Reader(file, bad);
  }

  /**
   * Every question of {@code file}, in file order.
   *
   * @throws DataFileException also when the file has no question
   */
  public static List<SquadQuestion> read(Path file, BadRows bad) throws IOException {
    return DataReader.readAll(open(file, bad), file, bad);
  }

  /** A question read before its article's title, which may come after the paragraphs. */
  private record Parsed(String id, String context, String question, List<SquadQuestion.Answer> answers, String record, long line) {}

  /** Streams the {@code "data"} array an article at a time; see {@link #open}. Not thread-safe. */
  private static final class Reader implements DataReader<SquadQuestion> {
    private static final String EXPECTED = "not a SQuAD JSON object with a \"data\" array";

    private final Path file;
    private final BadRows bad;
    private final StreamedJson document;
    private final JsonReader json;
    private final Map<String, String> ids = new HashMap<>();
    private final ArrayDeque<SquadQuestion> ready = new ArrayDeque<>();
    private int article;
    private boolean finished;

    Reader(Path file, BadRows bad) throws IOException {
      this.file = file;
      this.bad = bad;
      this.document = StreamedJson.openArray(file, "data", "a SQuAD file (train-v1.1.json)", EXPECTED);
      this.json = document.reader();
    }

    @Override
    public boolean hasNext() throws IOException {
      try {
        while (ready.isEmpty() && !finished) {
          if (json.hasNext()) {
            readArticle("data[" + article++ + "]");
          } else {
            finish();
          }
        }
      } catch (DataFileException e) {
        throw e;
      } catch (IOException | IllegalStateException | JsonParseException e) {
        throw document.failure(e, EXPECTED);
      }
      return !ready.isEmpty();
    }

    @Override
    public SquadQuestion next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("no more questions in " + file);
      }
      return ready.removeFirst();
    }

    @Override
    public void close() throws IOException {
      document.close();
    }

    /** One article: its paragraphs a tree at a time, then its questions once the title is known. */
    private void readArticle(String record) throws IOException {
      long line = document.line();
      if (json.peek() != JsonToken.BEGIN_OBJECT) {
        JsonElement element = StreamedJson.element(json);
        bad.reject(problem(line, record, "not an object but " + JsonLines.shorten(element.toString())));
        return;
      }
      json.beginObject();
      @Nullable JsonElement title = null;
      boolean paragraphsSeen = false;
      @Nullable DataFileException articleProblem = null;
      List<Parsed> questions = new ArrayList<>();
      while (json.hasNext()) {
        String name = json.nextName();
        if (name.equals("title")) {
          title = StreamedJson.element(json);
        } else if (name.equals("paragraphs") && !paragraphsSeen) {
          paragraphsSeen = true;
          if (json.peek() != JsonToken.BEGIN_ARRAY) {
            JsonElement value = StreamedJson.element(json);
            articleProblem = problem(line, record, "\"paragraphs\" is " + JsonLines.shorten(value.toString()) + ", not an array");
            continue;
          }
          json.beginArray();
          for (int i = 0; json.hasNext(); i++) {
            String paragraph = record + ".paragraphs[" + i + "]";
            long paragraphLine = document.line();
            JsonElement element = StreamedJson.element(json);
            try {
              paragraph(paragraph, paragraphLine, element, questions);
            } catch (DataFileException e) {
              bad.reject(e);
            }
          }
          json.endArray();
        } else {
          json.skipValue();
        }
      }
      json.endObject();
      if (articleProblem == null && !paragraphsSeen) {
        articleProblem = problem(line, record, "missing \"paragraphs\"");
      }
      if (articleProblem == null) {
        try {
          String text = string(line, record, title, "title", false);
          for (Parsed q : questions) {
            emit(q, text);
          }
          return;
        } catch (DataFileException e) {
          articleProblem = e;
        }
      }
      bad.reject(articleProblem);
    }

    private void emit(Parsed q, String title) throws DataFileException {
      try {
        String before = ids.putIfAbsent(q.id(), q.record());
        if (before != null) {
          throw problem(q.line(), q.record(), "id \"" + JsonLines.shorten(q.id()) + "\" repeats " + before);
        }
        ready.add(new SquadQuestion(q.id(), title, q.context(), q.question(), q.answers(), file + ":" + q.line() + ": " + q.record()));
      } catch (DataFileException e) {
        bad.reject(e);
      }
    }

    /** The questions of one paragraph into {@code questions}; a bad question is rejected alone. */
    private void paragraph(String record, long line, JsonElement element, List<Parsed> questions) throws DataFileException {
      if (!element.isJsonObject()) {
        throw problem(line, record, "not an object");
      }
      JsonObject object = element.getAsJsonObject();
      String context = string(line, record, object.get("context"), "context", false);
      JsonElement qas = object.get("qas");
      if (qas == null) {
        throw problem(line, record, "missing \"qas\"");
      }
      if (!qas.isJsonArray()) {
        throw problem(line, record, "\"qas\" is " + JsonLines.shorten(qas.toString()) + ", not an array");
      }
      JsonArray array = qas.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        String qa = record + ".qas[" + i + "]";
        try {
          questions.add(question(qa, line, array.get(i), context));
        } catch (DataFileException e) {
          bad.reject(e);
        }
      }
    }

    private Parsed question(String record, long line, JsonElement element, String context) throws DataFileException {
      if (!element.isJsonObject()) {
        throw problem(line, record, "not an object");
      }
      JsonObject object = element.getAsJsonObject();
      String id = string(line, record, object.get("id"), "id", true);
      String question = string(line, record, object.get("question"), "question", true);
      JsonElement answersField = object.get("answers");
      if (answersField == null) {
        throw problem(line, record, "missing \"answers\"");
      }
      if (!answersField.isJsonArray()) {
        throw problem(line, record, "\"answers\" is " + JsonLines.shorten(answersField.toString()) + ", not an array");
      }
      JsonArray array = answersField.getAsJsonArray();
      if (array.isEmpty()) {
        throw problem(line, record, "no answers (SQuAD 2.0's unanswerable questions are not read)");
      }
      int codePoints = context.codePointCount(0, context.length());
      List<SquadQuestion.Answer> answers = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String answer = record + ".answers[" + i + "]";
        if (!array.get(i).isJsonObject()) {
          throw problem(line, answer, "not an object");
        }
        JsonObject fields = array.get(i).getAsJsonObject();
        String text = string(line, answer, fields.get("text"), "text", false);
        int start = start(line, answer, fields.get("answer_start"), codePoints);
        int at = context.offsetByCodePoints(0, start);
        if (!context.startsWith(text, at)) {
          String found = context.substring(at, Math.min(context.length(), at + text.length()));
          throw problem(
              line, answer, "\"text\" \"" + JsonLines.shorten(text) + "\" is not at \"answer_start\" " + start + " of the context, which has \""
                  + JsonLines.shorten(found) + "\" there");
        }
        answers.add(new SquadQuestion.Answer(text, at));
      }
      return new Parsed(id, context, question, answers, record, line);
    }

    /** {@code answer_start}: an integer offset in code points, inside the context. */
    private int start(long line, String record, @Nullable JsonElement value, int codePoints) throws DataFileException {
      if (value == null) {
        throw problem(line, record, "missing \"answer_start\"");
      }
      long start;
      try {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
          throw new NumberFormatException();
        }
        start = value.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw problem(line, record, "\"answer_start\" is " + JsonLines.shorten(value.toString()) + ", not an integer");
      }
      if (start < 0 || start >= codePoints) {
        throw problem(line, record, "\"answer_start\" " + start + " is outside the context (" + codePoints + " characters)");
      }
      return (int) start;
    }

    /** After the array: the rest of the object, then nothing. */
    private void finish() throws IOException {
      document.finishArray();
      finished = true;
    }

    private DataFileException problem(long line, String record, String problem) {
      return DataFileException.atLine(file, line, record + ": " + problem);
    }

    /** The non-blank string {@code field}, stripped if {@code strip}, else as written. */
    private String string(long line, String record, @Nullable JsonElement value, String field, boolean strip) throws DataFileException {
      if (value == null) {
        throw problem(line, record, "missing \"" + field + "\"");
      }
      if (!JsonLines.isString(value)) {
        throw problem(line, record, "\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
      }
      String text = value.getAsString();
      if (text.isBlank()) {
        throw problem(line, record, "\"" + field + "\" is blank");
      }
      return strip ? text.strip() : text;
    }
  }
}
