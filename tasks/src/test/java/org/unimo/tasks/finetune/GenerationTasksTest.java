package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.tasks.metrics.CoqaF1;
import org.unimo.tasks.metrics.RougeScore;

/**
 * The text generation tasks as {@link TaskSource} reads them (what becomes the source, the target
 * and the references) and as {@link Generations} scores them, with a stand-in head that returns
 * fixed texts.
 */
class GenerationTasksTest {
  /** A head that generates the given texts, in order, and records the sources it was given. */
  private static final class Fixed implements Validation.HeadModel {
    private final List<String> texts;
    final List<String> sources = new ArrayList<>();
    final List<@Nullable String> seconds = new ArrayList<>();

    Fixed(List<String> texts) {
      this.texts = texts;
    }

    @Override
    public float[][] predict(List<String> texts, List<@Nullable String> seconds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[][] predictWithImages(List<String> texts, List<ImageRegions> images) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[][] embedImages(List<ImageRegions> images) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean generates() {
      return true;
    }

    @Override
    public List<String> generate(List<String> sources, List<@Nullable String> seconds, @Nullable List<ImageRegions> images) {
      int from = this.sources.size();
      this.sources.addAll(sources);
      this.seconds.addAll(seconds);
      return texts.subList(from, from + sources.size());
    }
  }

  private static TaskSource read(TaskDataSpec.Format format, Path train, Path validation) throws IOException {
    return TaskSource.read(new TaskDataSpec("task", format, List.of(train.toString()), List.of(validation.toString())), 1);
  }

  @Test
  void lineFilesPairSourceAndTargetAndScoreByRouge(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("train.src"), List.of("the cat sat on the mat today", "a dog ran"));
    Files.write(dir.resolve("train.tgt"), List.of("cat sat", "dog ran"));
    Files.write(dir.resolve("val.src"), List.of("police arrested a man on monday", "markets fell sharply"));
    Files.write(dir.resolve("val.tgt"), List.of("police arrest man", "markets fall"));
    TaskSource task = read(TaskDataSpec.Format.SOURCE_TARGET, dir.resolve("train.src"), dir.resolve("val.src"));
    var set = task.labels("task").orElseThrow();
    assertThat(set.sourceTarget()).isTrue();
    assertThat(set.text(1)).isEqualTo("a dog ran");
    assertThat(set.target(1)).isEqualTo("dog ran");
    assertThat(task.validation().get(0).references()).containsExactly("police arrest man");

    Fixed head = new Fixed(List.of("police arrested man", "stocks fell"));
    Validation.Score score = Validation.evaluate(7, task, task.validation(), head);

    assertThat(head.sources).containsExactly("police arrested a man on monday", "markets fell sharply");
    RougeScore.Result expected = RougeScore.score(List.of("police arrested man", "stocks fell"), List.of("police arrest man", "markets fall"), false);
    assertThat(score.metric()).isEqualTo("rougeLsum");
    assertThat(score.values()).containsOnlyKeys("rougeLsum", "rouge1", "rouge2");
    assertThat(score.value()).isCloseTo(expected.rougeLsum(), within(1e-12));
    // "police arrested man" against "police arrest man": 2 of 3 words each way; "stocks fell": none.
    assertThat(score.values().get("rouge1")).isCloseTo((2.0 / 3 + 0) / 2, within(1e-12));
  }

  @Test
  void aMissingTargetFileIsNamed(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("train.src"), List.of("a b"));
    assertThatThrownBy(() -> read(TaskDataSpec.Format.SOURCE_TARGET, dir.resolve("train.src"), dir.resolve("train.src")))
        .hasMessageContaining("train.tgt");
  }

  @Test
  void squadGeneratesTheQuestionFromTheAnswerAndItsParagraph(@TempDir Path dir) throws IOException {
    String squad =
        """
        {"version": "1.1", "data": [{"title": "T", "paragraphs": [{"context": "Paris is the capital of France.",
          "qas": [{"id": "q1", "question": "What is the capital of France?", "answers": [{"answer_start": 0, "text": "Paris"}]},
                  {"id": "q2", "question": "Paris is the capital of what?", "answers": [{"answer_start": 24, "text": "France"}]}]}]}]}
        """;
    Path file = Files.writeString(dir.resolve("squad.json"), squad);
    TaskSource task = read(TaskDataSpec.Format.SQUAD_QG, file, file);
    TaskSource.Example first = task.train().get(0);
    assertThat(first.text()).isEqualTo("Paris");
    assertThat(first.second()).isEqualTo("Paris is the capital of France.");
    assertThat(first.target()).isEqualTo("What is the capital of France?");

    Fixed head = new Fixed(List.of("What is the capital of France?", "Paris is the capital of what?"));
    Validation.Score score = Validation.evaluate(1, task, task.validation(), head);
    assertThat(head.seconds).containsOnly("Paris is the capital of France.");
    assertThat(score.metric()).isEqualTo("bleu4");
    assertThat(score.values()).containsKeys("bleu4", "cider", "rougeL");
    assertThat(score.values().get("rougeL")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void coqaKeepsTwoTurnsOfHistoryAndScoresAgainstEveryAnswer(@TempDir Path dir) throws IOException {
    String coqa =
        """
        {"version": "1.0", "data": [{"id": "s1", "source": "x", "filename": "f", "story": "Ann had a red ball and a cat.",
          "questions": [{"input_text": "What did Ann have?", "turn_id": 1}, {"input_text": "What color?", "turn_id": 2},
                        {"input_text": "Anything else?", "turn_id": 3}, {"input_text": "Whose?", "turn_id": 4}],
          "answers": [{"input_text": "a ball", "span_text": "a red ball", "span_start": 8, "span_end": 18, "turn_id": 1},
                      {"input_text": "red", "span_text": "red", "span_start": 10, "span_end": 13, "turn_id": 2},
                      {"input_text": "a cat", "span_text": "a cat", "span_start": 23, "span_end": 28, "turn_id": 3},
                      {"input_text": "Ann's", "span_text": "Ann", "span_start": 0, "span_end": 3, "turn_id": 4}],
          "additional_answers": {"0": [{"input_text": "ball", "turn_id": 1}, {"input_text": "red", "turn_id": 2},
                                       {"input_text": "cat", "turn_id": 3}, {"input_text": "Ann", "turn_id": 4}]}}]}
        """;
    Path file = Files.writeString(dir.resolve("coqa.json"), coqa);
    TaskSource task = read(TaskDataSpec.Format.COQA, file, file);
    TaskSource.Example fourth = task.train().get(3);
    assertThat(fourth.text()).isEqualTo("What color? red Anything else? a cat Whose?");
    assertThat(fourth.second()).isEqualTo("Ann had a red ball and a cat.");
    assertThat(fourth.references()).containsExactly("Ann's", "Ann");

    List<String> answers = List.of("ball", "red", "the cat", "Ann");
    Validation.Score score = Validation.evaluate(1, task, task.validation(), new Fixed(answers));
    List<List<String>> golds = task.validation().stream().map(TaskSource.Example::references).toList();
    assertThat(score.metric()).isEqualTo("coqa_f1");
    assertThat(score.value()).isCloseTo(CoqaF1.score(answers, golds), within(1e-12));
  }
}
