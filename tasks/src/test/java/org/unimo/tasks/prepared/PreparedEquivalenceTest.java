package org.unimo.tasks.prepared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.CmclSpec;
import org.unimo.dsl.DataFilesSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.formats.ShapesWorldExport;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.training.StepBatches;
import org.unimo.tasks.training.TrainingRun;

/**
 * The shapes world written in the standard formats and prepared serves exactly the batches of the
 * in-memory world at the same seed: pairs, captions, sample sets, texts and images, step by step.
 */
class PreparedEquivalenceTest {
  @TempDir Path dir;

  static final ModelSpec SPEC =
      Presets.tiny()
          .text(t -> t.byteBpe(300))
          .training(t -> t.batchSize(8))
          .cmcl(c -> c.weight(1f).temperature(0.07f).samples(s -> s.paraphrases(1).relatedTexts(1).relatedImages(1).tfidfNegatives(1).objectNegatives(1)))
          .build();

  static ShapesWorldData world() {
    return ShapesWorld.generate(
        ShapesWorldConfig.builder().seed(SPEC.seed()).trainScenes(40).heldoutScenes(6).imageOnlyScenes(20).textScenes(10).wordNetGlosses(30).build());
  }

  /** Exports {@code world} and prepares it for {@link #SPEC}. */
  static PreparedSource prepare(ShapesWorldData world, Path dir) throws IOException {
    Path files = dir.resolve("files");
    ShapesWorldExport.write(world, files);
    DataFilesSpec spec =
        new DataFilesSpec(
            List.of(files.resolve("captions.json").toString()),
            List.of(files.resolve("features.tsv").toString()),
            List.of(files.resolve("images.tsv").toString()),
            List.of(files.resolve("text.txt").toString()),
            List.of(files.resolve("heldout.json").toString()),
            Optional.of(files.resolve("classes.txt").toString()),
            true);
    Preparer.prepare(
        new Preparer.Options(spec, SPEC.objectives().cmcl().map(CmclSpec::samples).orElseThrow(), SPEC.seed(), null, false, 4_000),
        dir.resolve("prepared"),
        line -> {});
    return PreparedSource.open(dir.resolve("prepared"));
  }

  @Test
  void preparedDataDrawsTheBatchesOfTheInMemoryWorld() throws IOException {
    ShapesWorldData world = world();
    ShapesWorldSource memory = new ShapesWorldSource(world);
    try (PreparedSource prepared = prepare(world, dir);
        CompiledModel model = ModelCompiler.compile(SPEC, CompileOptions.training())) {
      assertThat(prepared.pairs()).isEqualTo(memory.pairs());
      assertThat(prepared.texts()).isEqualTo(memory.texts());
      assertThat(prepared.images()).isEqualTo(memory.images());
      assertThat(prepared.heldout()).hasSize(6);
      assertThat(prepared.featureSize()).isEqualTo(memory.featureSize());
      assertThat(prepared.detectorClasses()).isEqualTo(memory.detectorClasses());
      // Several shards per stream, so reads cross shard boundaries.
      assertThat(prepared.manifest().stream(PreparedManifest.PAIRS).shards()).hasSizeGreaterThan(3);

      Tokenizer tokenizer = TrainingRun.tokenizerFor(SPEC, memory);
      assertThat(TrainingRun.tokenizerFor(SPEC, prepared).encode("a red circle left of a blue square"))
          .containsExactly(tokenizer.encode("a red circle left of a blue square"));
      List<String> fromMemory = new ArrayList<>();
      List<String> fromPrepared = new ArrayList<>();
      try (StepBatches a = new StepBatches(model, memory, tokenizer);
          StepBatches b = new StepBatches(model, prepared, tokenizer)) {
        // 5 pair batches per epoch: 12 steps cross two epoch boundaries.
        for (long step = 1; step <= 12; step++) {
          fromMemory.add(BatchDigests.of(a.at(step), "mlm"));
          fromPrepared.add(BatchDigests.of(b.at(step), "mlm"));
        }
      }
      assertThat(fromPrepared).containsExactlyElementsOf(fromMemory);
      assertThat(fromMemory).doesNotHaveDuplicates();
    }
  }

  @Test
  void aSpecAskingForSamplesTheDirectoryWasPreparedWithoutIsRefusedByField() throws IOException {
    ShapesWorldData world = world();
    try (PreparedSource prepared = prepare(world, dir)) {
      ModelSpec more = SPEC.withOverrides(List.of("objectives.cmcl.samples.relation_negatives=2"));
      try (CompiledModel model = ModelCompiler.compile(more, CompileOptions.training())) {
        Tokenizer tokenizer = TrainingRun.tokenizerFor(more, prepared);
        assertThatThrownBy(() -> new StepBatches(model, prepared, tokenizer).close())
            .hasMessageContaining("objectives.cmcl.samples")
            .hasMessageContaining("relation")
            .hasMessageContaining("prepared without them");
      }
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("files", "prepared");
  }
}
