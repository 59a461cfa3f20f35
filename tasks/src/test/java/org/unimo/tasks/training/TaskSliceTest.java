package org.unimo.tasks.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.dsl.TokenMasking;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.PairBatch;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.StepBatch;
import org.unimo.graph.objectives.mlm.MaskedLmBatch;
import org.unimo.graph.objectives.mlm.TokenMasker;
import org.unimo.graph.objectives.regions.RegionMasking;
import org.unimo.graph.objectives.seq2seq.Seq2SeqBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldSource;

/**
 * N tasks, each assembling its {@link TaskSlice} of every global batch, together assemble one
 * process's batches: the same examples, captions, masks and CMCL sample sets, row for row, at
 * every step, with or without a data mix; and their cursors are one process's.
 */
class TaskSliceTest {
  /** 40 pairs (5 batches of 8 an epoch), 20 images without text (2 an epoch), texts and a label set. */
  private static final DataSource SOURCE =
      new ShapesWorldSource(
          ShapesWorld.generate(
              ShapesWorldConfig.builder().seed(3).trainScenes(40).heldoutScenes(2).imageOnlyScenes(20).textScenes(10).wordNetGlosses(0).build()));

  /**
   * Every objective of the tiny preset, CMCL with sample sets of every role (more than some pairs
   * have, so the valid samples differ between pairs), a mix of 1 : 1 : 2.
   */
  private static final ModelSpec SPEC =
      Presets.tiny()
          .text(t -> t.byteBpe(300))
          .training(t -> t.batchSize(8).mix(1f, 1f, 2f))
          .cmcl(c -> c.weight(1f).temperature(0.07f).samples(s -> s.paraphrases(3).relatedTexts(2).relatedImages(2).tfidfNegatives(3).objectNegatives(3).attributeNegatives(2).relationNegatives(2)))
          .build();

  private static final int STEPS = 24;

  /** What a loss averaged over a variable number of items divides by: masked tokens and regions, valid samples. */
  private static final List<String> WEIGHTED =
      List.of("mlm.weights", "pair_mlm.weights", "regions.masked", "samples.positive_valid", "samples.negative_valid", "samples.image_valid");

  private static CompiledModel model;
  private static Tokenizer tokenizer;

  @BeforeAll
  static void compile() {
    model = ModelCompiler.compile(SPEC, CompileOptions.training());
    tokenizer = TrainingRun.tokenizerFor(SPEC, SOURCE);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @ParameterizedTest(name = "{0} tasks, mixed: {1}")
  @CsvSource({"2, true", "4, true", "2, false", "4, false"})
  void theTasksSlicesConcatenatedAreOneProcesssBatchAtEveryStep(int tasks, boolean mixed) {
    Trainer.Mix mix = mixed ? new Trainer.Mix(SPEC.training().mix().orElseThrow(), SPEC.seed()) : null;
    List<StepBatches> slices = new ArrayList<>();
    try (StepBatches whole = new StepBatches(model, SOURCE, tokenizer)) {
      for (int k = 0; k < tasks; k++) {
        slices.add(new StepBatches(model, SOURCE, tokenizer, TaskSlice.of(k, tasks)));
      }
      List<DataKind> kinds = new ArrayList<>();
      boolean maskCountsDiffer = false;
      for (long step = 1; step <= STEPS; step++) {
        DataKind kind = mix == null ? null : mix.at(step);
        kinds.add(kind);
        Fed expected = Fed.of(whole.at(step), kind);
        Fed concatenated = new Fed();
        List<Float> maskCounts = new ArrayList<>();
        for (StepBatches slice : slices) {
          Fed fed = Fed.of(slice.at(step), kind);
          concatenated.append(fed);
          maskCounts.add(fed.sum(WEIGHTED));
        }
        maskCountsDiffer |= maskCounts.stream().distinct().count() > 1;
        assertThat(concatenated.arrays).as("step %d (%s)", step, kind).isEqualTo(expected.arrays);
      }
      if (mixed) {
        assertThat(kinds).as("the mix picks every kind").contains(DataKind.TEXT, DataKind.IMAGE, DataKind.PAIR);
      }
      assertThat(maskCountsDiffer).as("some step has more masked or valid items in one task than another").isTrue();
      for (StepBatches slice : slices) {
        assertThat(slice.cursor()).isEqualTo(whole.cursor());
      }
      assertThat(whole.cursor().batches().get("pairs")).as("pairs cross an epoch").isGreaterThan(5L);
    } finally {
      slices.forEach(StepBatches::close);
    }
  }

  @Test
  void aTasksRowsAreItsShareOfEveryKind() {
    try (StepBatches slice = new StepBatches(model, SOURCE, tokenizer, TaskSlice.of(3, 4))) {
      StepBatch step = slice.at(1);
      assertThat(step.pairs().ids()).hasSize(2);
      assertThat(step.images().batch().size()).isEqualTo(2);
      assertThat(step.texts("mlm").size()).isEqualTo(2);
      assertThat(step.labeled(ShapesWorldSource.SHAPE_COUNT).labels()).hasSize(2);
      assertThat(step.pairs().sampleSets(step.draws("cmcl_samples")).pairs()).isEqualTo(2);
      assertThat(slice.batchSize()).isEqualTo(8);
      assertThat(StepBatches.examples(step)).isEqualTo(8);
    }
  }

  @Test
  void theMicroBatchesOfAnAccumulatedStepShareItsTextBatches() {
    try (StepBatches micro = new StepBatches(model, SOURCE, tokenizer);
        StepBatches whole = new StepBatches(model, SOURCE, tokenizer)) {
      for (long step = 1; step <= 3; step++) {
        StepBatch accumulated = micro.at(step);
        TextBatch first = new org.unimo.graph.objective.MicroBatch(accumulated, 0, 2, 8).texts("mlm");
        TextBatch second = new org.unimo.graph.objective.MicroBatch(accumulated, 1, 2, 8).texts("mlm");
        LabeledExamples labels = new org.unimo.graph.objective.MicroBatch(accumulated, 1, 2, 8).labeled(ShapesWorldSource.SHAPE_COUNT);
        StepBatch one = whole.at(step);
        TextBatch all = one.texts("mlm");
        assertThat(first.tokenIds()).as("step %d, rows 0-3", step).containsExactly(all.rows(0, 4).tokenIds());
        assertThat(second.tokenIds()).as("step %d, rows 4-7 of the same batch", step).containsExactly(all.rows(4, 4).tokenIds());
        assertThat(labels.labels()).isEqualTo(java.util.Arrays.copyOfRange(one.labeled(ShapesWorldSource.SHAPE_COUNT).labels(), 4, 8));
      }
      assertThat(micro.cursor()).as("one text batch a step").isEqualTo(whole.cursor());
      assertThat(micro.cursor().batches().get("text/mlm")).isEqualTo(3L);
    }
  }

  @Test
  void aTaskResumedFromItsCursorContinuesLikeTheUninterruptedTask() {
    Trainer.Mix mix = new Trainer.Mix(SPEC.training().mix().orElseThrow(), SPEC.seed());
    try (StepBatches task = new StepBatches(model, SOURCE, tokenizer, TaskSlice.of(1, 2));
        StepBatches whole = new StepBatches(model, SOURCE, tokenizer)) {
      for (long step = 1; step <= 7; step++) {
        Fed.of(task.at(step), mix.at(step));
        Fed.of(whole.at(step), mix.at(step));
      }
      StepBatches.Cursor cursor = task.cursor();
      assertThat(cursor).as("a task's checkpoint is one process's").isEqualTo(whole.cursor());
      try (StepBatches resumed = new StepBatches(model, SOURCE, tokenizer, TaskSlice.of(1, 2))) {
        resumed.restore(cursor);
        for (long step = 8; step <= STEPS; step++) {
          assertThat(Fed.of(resumed.at(step), mix.at(step)).arrays)
              .as("step %d", step)
              .isEqualTo(Fed.of(task.at(step), mix.at(step)).arrays);
        }
      }
    }
  }

  @Test
  void aBatchSizeThatDoesNotDivideAmongTheTasksIsRefusedByName() {
    assertThatThrownBy(() -> new StepBatches(model, SOURCE, tokenizer, TaskSlice.of(0, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training.batch_size: 8 does not divide among 3 tasks");
    ModelSpec accumulated = SPEC.toBuilder().training(t -> t.accumulationSteps(4)).build();
    assertThat(TaskSlice.of(1, 2).rows(accumulated.training())).as("8 = 2 tasks x 4 micro-batches of 1").isEqualTo(4);
    assertThatThrownBy(() -> TaskSlice.of(1, 4).rows(accumulated.training()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training.batch_size: 8 does not divide among 4 tasks x 4 micro-batches (training.accumulation_steps)");
    assertThatThrownBy(() -> TaskSlice.of(2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 2 of 2");
  }

  /**
   * Every array a step feeds, by name, each row-major by example, so that the tasks' arrays
   * concatenated in task order are one process's. What is masked or drawn is drawn as the
   * objectives draw it, under their purposes.
   */
  private static final class Fed {
    /**
     * Whole-word masking, so that the tokenizer's word starts are read too, at a rate at which the
     * number masked differs between texts of different lengths.
     */
    private static final TokenMasker MASKER =
        new TokenMasker(new TokenMasking(0.4f, 0.8f, 0.1f, 5, true), tokenizer.vocabSize(), tokenizer);
    final Map<String, List<Integer>> arrays = new TreeMap<>();

    /** What {@code step} feeds for {@code kind} (null: every kind), and a batch of labelled texts. */
    static Fed of(StepBatch step, @Nullable DataKind kind) {
      Fed fed = new Fed();
      if (kind == null || kind == DataKind.PAIR) {
        PairBatch pairs = step.pairs();
        fed.text("pairs.text", pairs.text());
        fed.image("pairs.image", pairs.image());
        fed.ints("pairs.ids", pairs.ids());
        fed.ints("pairs.captions", pairs.captions());
        SampleSetBatch sets = pairs.sampleSets(step.draws("cmcl_samples"));
        fed.text("samples.positive", sets.positiveTexts());
        fed.floats("samples.positive_valid", sets.positiveValid());
        fed.text("samples.negative", sets.negativeTexts());
        fed.floats("samples.negative_valid", sets.negativeValid());
        fed.image("samples.images", sets.relatedImages());
        fed.floats("samples.image_valid", sets.imageValid());
        fed.masked("pair_mlm", MASKER.mask(pairs.text(), step.draws("pair_mlm")));
      }
      if (kind == null || kind == DataKind.IMAGE) {
        ImageExamples images = step.images();
        fed.image("images", images.batch());
        for (float[][] classes : images.classProbs()) {
          for (float[] region : classes) {
            fed.floats("images.classes", region);
          }
        }
        RegionMasking masking = RegionMasking.mask(images, 0.15f, step.draws("regions"));
        fed.image("regions.input", masking.input());
        fed.floats("regions.masked", masking.masked());
      }
      if (kind == null || kind == DataKind.TEXT) {
        fed.masked("mlm", MASKER.mask(step.texts("mlm"), step.draws("mlm")));
        Seq2SeqBatch split = Seq2SeqBatch.of(step.texts("seq2seq"), false, step.draws("seq2seq"));
        fed.text("seq2seq.input", split.input());
        fed.floats("seq2seq.segment", split.segment());
        fed.ints("seq2seq.labels", split.labels());
        fed.floats("seq2seq.weights", split.weights());
      }
      LabeledExamples labeled = step.labeled(ShapesWorldSource.SHAPE_COUNT);
      fed.text("labeled.texts", labeled.texts());
      fed.ints("labeled.labels", labeled.labels());
      fed.floats("labeled.scores", labeled.scores());
      return fed;
    }

    void append(Fed other) {
      other.arrays.forEach((name, values) -> arrays.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    }

    /** The sum of float arrays (counts of masked or valid items); an array this step did not feed counts 0. */
    float sum(List<String> names) {
      float sum = 0;
      for (String name : names) {
        for (int bits : arrays.getOrDefault(name, List.of())) {
          sum += Float.intBitsToFloat(bits);
        }
      }
      return sum;
    }

    private void masked(String name, MaskedLmBatch masked) {
      text(name + ".input", masked.input());
      ints(name + ".positions", masked.positions());
      ints(name + ".labels", masked.labels());
      floats(name + ".weights", masked.weights());
    }

    private void text(String name, @Nullable TextBatch text) {
      if (text != null) {
        ints(name + ".ids", text.tokenIds());
        floats(name + ".mask", text.mask());
      }
    }

    private void image(String name, @Nullable ImageBatch image) {
      if (image != null) {
        floats(name + ".features", image.features());
        floats(name + ".boxes", image.boxes());
        floats(name + ".mask", image.mask());
      }
    }

    private void ints(String name, int[] values) {
      List<Integer> list = arrays.computeIfAbsent(name, n -> new ArrayList<>());
      for (int v : values) {
        list.add(v);
      }
    }

    private void floats(String name, float[] values) {
      List<Integer> list = arrays.computeIfAbsent(name, n -> new ArrayList<>());
      for (float v : values) {
        list.add(Float.floatToRawIntBits(v));
      }
    }
  }
}
