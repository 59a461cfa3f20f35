package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;
import org.unimo.dsl.Presets;
import org.unimo.graph.objective.ObjectiveRegistry;

/** The memory estimate's terms: the compiler's parameter count, growth with every size, the logits' rows. */
class MemoryEstimateTest {
  private static long compiledParameters(ModelSpec spec) {
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
      return model.parameterCount();
    }
  }

  @Test
  void countsTheParametersTheCompilerCreates() {
    ModelSpec everyObjective = Presets.tiny().build();
    assertThat(MemoryEstimate.of(everyObjective).parameterCount()).isEqualTo(compiledParameters(everyObjective));
    ModelSpec variants =
        TinyBatches.spec()
            .encoder(e -> e.typeVocabSize(2).positionOffset(2).pooling(Pooling.PLAIN_MEAN))
            .cmcl(c -> c.learnTemperature(true).temperature(0.1f))
            .sequenceClassification("count", h -> h.classes(3).labels("shape_count"))
            .build();
    assertThat(MemoryEstimate.of(variants).parameterCount()).isEqualTo(compiledParameters(variants));
  }

  private static long total(UnaryOperator<ModelSpec.Builder> change) {
    return MemoryEstimate.of(change.apply(Presets.tiny()).build()).totalBytes();
  }

  @Test
  void growsWithTheBatchTheLayersTheLengthsAndTheWidth() {
    long base = total(b -> b);
    assertThat(total(b -> b.training(t -> t.batchSize(128)))).isGreaterThan(base);
    assertThat(total(b -> b.encoder(e -> e.layers(4)))).isGreaterThan(base);
    assertThat(total(b -> b.text(t -> t.maxLength(48)))).isGreaterThan(base);
    assertThat(total(b -> b.image(i -> i.maxRegions(10)))).isGreaterThan(base);
    assertThat(total(b -> b.encoder(e -> e.hidden(256)))).isGreaterThan(base);
    assertThat(total(b -> b.text(t -> t.byteBpe(4000)))).isGreaterThan(base);
    assertThat(total(b -> b.cmcl(c -> c.samples(s -> s.paraphrases(1).relatedImages(1))))).isGreaterThan(base);
    // An objective's activations and logits are linear in the batch (to the byte, terms are rounded down).
    long small = MemoryEstimate.of(Presets.tiny().build()).bytes("mlm");
    long large = MemoryEstimate.of(Presets.tiny().training(t -> t.batchSize(128)).build()).bytes("mlm");
    assertThat(large).isCloseTo(2 * small, org.assertj.core.data.Offset.offset(4L));
  }

  private static MemoryEstimate.Term term(MemoryEstimate estimate, String part, String prefix) {
    return estimate.terms().stream()
        .filter(t -> t.part().equals(part) && t.what().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError(part + ": no term " + prefix + " in " + estimate.terms()));
  }

  @Test
  void lmLogitsAreCountedAtThePredictedPositionsOnly() {
    // tiny: batch 64, text length 24, vocabulary 1000, 5 masked-LM predictions per text.
    MemoryEstimate estimate = MemoryEstimate.of(Presets.tiny().build());
    double logitsFactor = MemoryEstimate.FACTORS.logits();
    MemoryEstimate.Term mlm = term(estimate, "mlm", "LM logits");
    assertThat(mlm.what()).isEqualTo("LM logits 320 x 1000");
    assertThat(mlm.bytes()).isEqualTo((long) (logitsFactor * 64 * 5 * 1000 * 4));
    // Seq2seq predicts at most T - 2 next tokens per text, caption generation T - 1 per caption.
    assertThat(term(estimate, "seq2seq", "LM logits").what()).isEqualTo("LM logits " + 64 * 22 + " x 1000");
    assertThat(term(estimate, "caption_generation", "LM logits").what()).isEqualTo("LM logits " + 64 * 23 + " x 1000");
    // Longer texts leave masked LM's logits alone.
    MemoryEstimate longer = MemoryEstimate.of(Presets.tiny().text(t -> t.maxLength(48)).build());
    assertThat(term(longer, "mlm", "LM logits").bytes()).isEqualTo(mlm.bytes());
    assertThat(term(longer, "seq2seq", "LM logits").bytes()).isGreaterThan(term(estimate, "seq2seq", "LM logits").bytes());
  }

  @Test
  void mrfrAndMrcShareOneMaskedImagePassAndEveryObjectiveIsListed() {
    MemoryEstimate estimate = MemoryEstimate.of(Presets.tiny().build());
    assertThat(estimate.terms().stream().filter(t -> t.what().startsWith("masked image pass"))).hasSize(1);
    assertThat(estimate.terms())
        .extracting(MemoryEstimate.Term::part)
        .contains("runtime", "weights", "mlm", "cmcl", "masked_regions", "mrfr", "mrc", "seq2seq", "pair_mlm", "caption_generation");
    assertThat(estimate.terms().stream().mapToLong(MemoryEstimate.Term::bytes).sum()).isEqualTo(estimate.totalBytes());
  }

  @Test
  void withADataMixThePeakIsTheLargestKindsStep() {
    MemoryEstimate mixed = MemoryEstimate.of(Presets.tiny().training(t -> t.mix(1, 1, 1)).build());
    MemoryEstimate together = MemoryEstimate.of(Presets.tiny().build());
    // The pair step (CMCL's two passes and two joint passes) is the largest.
    assertThat(mixed.peakKind()).isEqualTo(DataKind.PAIR);
    assertThat(mixed.totalBytes()).isLessThan(together.totalBytes());
    assertThat(mixed.terms().stream().filter(t -> !mixed.counted(t))).isNotEmpty().allMatch(t -> t.kind() != DataKind.PAIR);
    assertThat(together.peakKind()).isNull();
  }

  @Test
  void anObjectiveNoTypeHandlesIsListedAsNotEstimated() {
    ModelSpec spec = TinyBatches.spec().custom("margin", c -> c.weight(1f)).build();
    MemoryEstimate estimate = MemoryEstimate.of(spec, ObjectiveRegistry.builtIn(), MemoryEstimate.FACTORS);
    assertThat(term(estimate, "margin", "not estimated").bytes()).isZero();
    assertThat(estimate.table()).contains("margin: not estimated").contains("total");
  }
}
