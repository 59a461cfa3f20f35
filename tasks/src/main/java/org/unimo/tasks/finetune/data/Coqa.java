package org.unimo.tasks.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
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
 * CoQA ({@code coqa-train-v1.0.json}, {@code coqa-dev-v1.0.json}), read a turn at a time with the
 * turns before it, for conversational question answering and answer generation.
 *
 * <pre>{@code
 * {"version": "1.0",
 *  "data": [{"source": "mctest", "id": "<story id>", "filename": "mc160.test.41",
 *            "story": "Once upon a time, in a barn near a farm house, there lived a little white kitten named Cotton. ...",
 *            "name": "mc160.test.41",
 *            "questions": [{"input_text": "what color was cotton?", "turn_id": 1}, ...],
 *            "answers": [{"span_start": 59, "span_end": 93, "span_text": "a little white kitten named Cotton",
 *                         "input_text": "white", "turn_id": 1}, ...],
 *            "additional_answers": {"0": [{"input_text": "white", "turn_id": 1, ...}, ...], "1": [...], "2": [...]}}, ...]}
 * }</pre>
 *
 * <p>Read are each story's {@code "id"} and {@code "story"}, the {@code "input_text"} and {@code
 * "turn_id"} of every question and answer, and those of each list of {@code
 * "additional_answers"} (the dev set's three other annotators; the train set has none). Answers
 * are the free-form {@code input_text} ({@code "unknown"} when the story does not tell, kept as
 * such); the rationale ({@code span_text}, {@code span_start}, {@code span_end}) and the other
 * fields ({@code source}, {@code filename}, {@code name}, {@code version}, ...) are skipped.
 * Questions and answers are stripped; the story is kept as written.
 *
 * <p>As the official evaluation script reads them, the questions of a story are its turns in
 * order: question {@code i} (from 0) has {@code turn_id} {@code i + 1}, and so have answer
 * {@code i} and entry {@code i} of every additional-answers list, which all have as many entries
 * as there are questions. Each turn is a {@link CoqaTurn} carrying the previous turns' questions
 * and answers.
 *
 * <p>The file is streamed with Gson's {@link JsonReader} (strict RFC 8259), a story at a time;
 * strict UTF-8, {@code .gz} read as gzip. The bad row is a whole story, since every later turn's
 * history depends on each turn: a story that is not an object, misses or mistypes a field, has a
 * blank question or answer, no questions, another number of answers (or of additional answers in
 * a list) than of questions, a {@code turn_id} out of order, or the id of an earlier story. It goes to the {@link BadRows}
 * policy named by file, line and the record at fault ({@code coqa-dev-v1.0.json:1:
 * data[3].answers[4]: "turn_id" is 6, not 5}; the line is where the story starts, which the record
 * refines). A syntax error, bytes that are not UTF-8 or a file without a {@code "data"} array stop
 * the read, named by file and line.
 *
 * <pre>{@code
 * List<CoqaTurn> dev = Coqa.read(Path.of("coqa-dev-v1.0.json"), BadRows.fail());
 * CoqaTurn t = dev.get(1); // t.turn() == 2, t.history() == [QA(question 1, answer 1)]
 * }</pre>
 */
public final class Coqa {
  private Coqa() {}

  /**
   * Opens {@code file} to read its turns one by one, a story's turns in order.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws DataFileException if it is not a JSON object with a {@code "data"} array (found before
   *     the first story is read)
   */
  public static DataReader<CoqaTurn> open(Path file, BadRows bad) throws IOException {
    return new Reader(file, bad);
  }

  /**
   * Every turn of every story of {@code file}, in file order.
   *
   * @throws DataFileException also when the file has no turn
   */
  public static List<CoqaTurn> read(Path file, BadRows bad) throws IOException {
    return DataReader.readAll(open(file, bad), file, bad);
  }

  /** Streams the {@code "data"} array a story at a time; see {@link #open}. Not thread-safe. */
  private static final class Reader implements DataReader<CoqaTurn> {
    private static final String EXPECTED = "not a CoQA JSON object with a \"data\" array";

    private final Path file;
    private final BadRows bad;
    private final StreamedJson document;
    private final JsonReader json;
    private final Map<String, String> ids = new HashMap<>();
    private final ArrayDeque<CoqaTurn> ready = new ArrayDeque<>();
    private int index;
    private boolean finished;

    Reader(Path file, BadRows bad) throws IOException {
      this.file = file;
      this.bad = bad;
      this.document = StreamedJson.openArray(file, "data", "a CoQA file (coqa-dev-v1.0.json)", EXPECTED);
      this.json = document.reader();
    }

    @Override
    public boolean hasNext() throws IOException {
      try {
        while (ready.isEmpty() && !finished) {
          if (!json.hasNext()) {
            finish();
            break;
          }
          String record = "data[" + index++ + "]";
          long line = document.line();
          JsonElement element = StreamedJson.element(json);
          try {
            ready.addAll(story(record, line, element));
          } catch (DataFileException e) {
            bad.reject(e);
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
    public CoqaTurn next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("no more turns in " + file);
      }
      return ready.removeFirst();
    }

    @Override
    public void close() throws IOException {
      document.close();
    }

    /** After the array: the rest of the object, then nothing. */
    private void finish() throws IOException {
      document.finishArray();
      finished = true;
    }

    /** The turns of one story, or the first problem found in it. */
    private List<CoqaTurn> story(String record, long line, JsonElement element) throws DataFileException {
      if (!element.isJsonObject()) {
        throw problem(line, record, "not an object");
      }
      JsonObject object = element.getAsJsonObject();
      String id = string(line, record, object.get("id"), "id").strip();
      String story = string(line, record, object.get("story"), "story");
      List<String> questions = turns(line, record, object, "questions");
      if (questions.isEmpty()) {
        throw problem(line, record, "no questions");
      }
      List<String> answers = turns(line, record, object, "answers");
      if (answers.size() != questions.size()) {
        throw problem(line, record, questions.size() + " questions but " + answers.size() + " answers");
      }
      List<List<String>> additional = additionalAnswers(line, record, object.get("additional_answers"), questions.size());
      String before = ids.putIfAbsent(id, record);
      if (before != null) {
        throw problem(line, record, "story id \"" + JsonLines.shorten(id) + "\" repeats " + before);
      }
      List<CoqaTurn> turns = new ArrayList<>(questions.size());
      List<CoqaTurn.QA> history = new ArrayList<>(questions.size());
      for (int i = 0; i < questions.size(); i++) {
        List<String> others = new ArrayList<>(additional.size());
        for (List<String> list : additional) {
          String answer = list.get(i).strip();
          if (!answer.isEmpty()) {
            others.add(answer);
          }
        }
        String where = file + ":" + line + ": " + record + ".questions[" + i + "]";
        turns.add(new CoqaTurn(id, story, i + 1, questions.get(i), answers.get(i), others, history, where));
        history.add(new CoqaTurn.QA(questions.get(i), answers.get(i)));
      }
      return turns;
    }

    /** The stripped {@code input_text} of each entry of the array {@code field}, checking turn ids. */
    private List<String> turns(long line, String record, JsonObject object, String field) throws DataFileException {
      JsonElement value = object.get(field);
      if (value == null) {
        throw problem(line, record, "missing \"" + field + "\"");
      }
      if (!value.isJsonArray()) {
        throw problem(line, record, "\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not an array");
      }
      return texts(line, record + "." + field, value.getAsJsonArray(), true);
    }

    /**
     * The {@code input_text} of each entry of {@code array}, named {@code name}, whose {@code
     * turn_id}s must be 1, 2, ...; stripped and non-blank if {@code required}, else as written.
     */
    private List<String> texts(long line, String name, JsonArray array, boolean required) throws DataFileException {
      List<String> texts = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String entry = name + "[" + i + "]";
        if (!array.get(i).isJsonObject()) {
          throw problem(line, entry, "not an object");
        }
        JsonObject fields = array.get(i).getAsJsonObject();
        JsonElement text = fields.get("input_text");
        if (text == null) {
          throw problem(line, entry, "missing \"input_text\"");
        }
        if (!JsonLines.isString(text)) {
          throw problem(line, entry, "\"input_text\" is " + JsonLines.shorten(text.toString()) + ", not a string");
        }
        if (required && text.getAsString().isBlank()) {
          throw problem(line, entry, "\"input_text\" is blank");
        }
        turnId(line, entry, fields.get("turn_id"), i + 1);
        texts.add(required ? text.getAsString().strip() : text.getAsString());
      }
      return texts;
    }

    private void turnId(long line, String entry, @Nullable JsonElement value, int expected) throws DataFileException {
      if (value == null) {
        throw problem(line, entry, "missing \"turn_id\"");
      }
      long turn;
      try {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
          throw new NumberFormatException();
        }
        turn = value.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw problem(line, entry, "\"turn_id\" is " + JsonLines.shorten(value.toString()) + ", not an integer");
      }
      if (turn != expected) {
        throw problem(line, entry, "\"turn_id\" is " + turn + ", not " + expected + " (turns are numbered 1, 2, ... in order)");
      }
    }

    /** The lists of {@code additional_answers} in file order, each as long as the questions. */
    private List<List<String>> additionalAnswers(long line, String record, @Nullable JsonElement value, int turns) throws DataFileException {
      if (value == null || value.isJsonNull()) {
        return List.of();
      }
      String name = record + ".additional_answers";
      if (!value.isJsonObject()) {
        throw problem(line, name, "not an object of answer lists but " + JsonLines.shorten(value.toString()));
      }
      List<List<String>> lists = new ArrayList<>();
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        String list = name + "[\"" + JsonLines.shorten(entry.getKey()) + "\"]";
        if (!entry.getValue().isJsonArray()) {
          throw problem(line, list, "not an array");
        }
        JsonArray array = entry.getValue().getAsJsonArray();
        if (array.size() != turns) {
          throw problem(line, list, array.size() + " answers for " + turns + " questions");
        }
        lists.add(texts(line, list, array, false));
      }
      return lists;
    }

    private DataFileException problem(long line, String record, String problem) {
      return DataFileException.atLine(file, line, record + ": " + problem);
    }

    /** The non-blank string {@code field}, as written. */
    private String string(long line, String record, @Nullable JsonElement value, String field) throws DataFileException {
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
      return text;
    }
  }
}
