package org.unimo.dsl;

import com.google.errorprone.annotations.CheckReturnValue;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;

/**
 * Ready-made specs, returned as builders so a script can adjust them.
 *
 * <pre>{@code
 * ModelSpec spec = Presets.tiny().training(t -> t.steps(300)).build();
 * }</pre>
 */
public final class Presets {
  private Presets() {}

  /**
   * A CPU-sized model for the embedded shapes world: 2 layers x 128, 4 heads, a 1000-id byte BPE,
   * 64-d region features, and every UNIMO objective: masked LM and seq2seq on text, MRFR and soft
   * MRC over the shapes world's 30 detector classes on images, masked LM, caption generation and
   * in-batch CMCL on pairs. The encoder pools by the mean (trained from scratch, first-token
   * pooling collapses). The auxiliary objectives weigh 0.25 against CMCL's 1.
   */
  @CheckReturnValue
  public static ModelSpec.Builder tiny() {
    return ModelSpec.builder("tiny")
        .seed(42)
        .text(t -> t.byteBpe(1000).maxLength(24))
        .image(i -> i.featureSize(64).maxRegions(5).boxFeatures(5))
        .encoder(e -> e.layers(2).hidden(128).heads(4).ffn(512).dropout(0.1f).maxPositions(64).pooling(Pooling.MEAN))
        .maskedLm(m -> m.weight(0.25f).rate(0.15f).maxPredictions(5))
        .cmcl(c -> c.weight(1f).temperature(0.07f))
        .mrfr(r -> r.weight(0.25f).rate(0.15f))
        .mrc(r -> r.weight(0.25f).rate(0.15f).classes(30))
        .seq2seq(g -> g.weight(0.25f))
        .pairMlm(p -> p.weight(0.25f).maxPredictions(5))
        .captionGeneration(g -> g.weight(0.25f))
        .optimizer(o -> o.learningRate(1e-3f).warmupSteps(100).clipNorm(1f))
        .training(t -> t.batchSize(64).steps(600))
        .compile(c -> c.intraOpThreads(2).interOpThreads(1))
        .shapesWorld(w -> w.trainScenes(4000).heldoutScenes(100).imageOnlyScenes(1000));
  }

  /**
   * {@link #tiny()} with only the objectives retrieval needs, masked LM and CMCL: the model of
   * {@code unimo demo}, which trains in about three minutes on 2 cores (all seven objectives take
   * about four times as long per step).
   */
  @CheckReturnValue
  public static ModelSpec.Builder tinyRetrieval() {
    ModelSpecProto tiny = tiny().build().proto();
    Objectives both =
        Objectives.newBuilder()
            .setMaskedLm(tiny.getObjectives().getMaskedLm())
            .setCmcl(tiny.getObjectives().getCmcl())
            .build();
    return ModelSpec.of(tiny.toBuilder().setName("tiny-retrieval").setObjectives(both).build()).toBuilder();
  }

  /**
   * UNIMO-base: 12 layers x 768, 12 heads, GPT-2 BPE, 100 regions of 2048-d Faster R-CNN features,
   * every objective (masked LM and seq2seq on text, MRFR and soft MRC over 1601 detector classes on
   * images, masked LM, caption generation and CMCL on pairs).
   */
  @CheckReturnValue
  public static ModelSpec.Builder unimoBase() {
    return paper("unimo-base", 12, 768, 12);
  }

  /** UNIMO-large: 24 layers x 1024, 16 heads, GPT-2 BPE, 100 regions of 2048-d features. */
  @CheckReturnValue
  public static ModelSpec.Builder unimoLarge() {
    return paper("unimo-large", 24, 1024, 16);
  }

  private static ModelSpec.Builder paper(String name, int layers, int hidden, int heads) {
    return ModelSpec.builder(name)
        .text(t -> t.gpt2().maxLength(512))
        .image(i -> i.featureSize(2048).maxRegions(100).boxFeatures(5))
        .encoder(
            e ->
                e.layers(layers)
                    .hidden(hidden)
                    .heads(heads)
                    .ffn(4 * hidden)
                    .dropout(0.1f)
                    .initializerRange(0.02f)
                    .maxPositions(512))
        .maskedLm(m -> m.rate(0.15f))
        .seq2seq(g -> g.weight(1f))
        .pairMlm(p -> p.weight(1f))
        .captionGeneration(g -> g.weight(1f))
        .mrfr(r -> r.rate(0.15f))
        .mrc(r -> r.rate(0.15f).classes(1601))
        .cmcl(c -> c.temperature(0.07f))
        .optimizer(o -> o.learningRate(5e-5f).warmupSteps(10_000).linearDecay(true))
        .training(t -> t.batchSize(32).steps(500_000));
  }

  /**
   * The CMCL ablation of {@code unimo ablate}: {@link #tinyRetrieval()} without CMCL, with in-batch
   * CMCL, then adding rewritten negatives, paraphrase positives and retrieved images and texts, each
   * variant on top of the one before; {@code steps} training steps each (warmup at most a sixth).
   */
  @CheckReturnValue
  public static Ablation cmclAblation(int steps) {
    ModelSpec inBatch =
        tinyRetrieval().training(t -> t.steps(steps)).optimizer(o -> o.warmupSteps(Math.min(100, steps / 6))).build();
    java.util.Map<String, ModelSpec> variants = new java.util.LinkedHashMap<>();
    ModelSpecProto proto = inBatch.proto();
    variants.put(
        "no CMCL (masked LM only)",
        ModelSpec.of(
            proto.toBuilder()
                .setName("ablation-no-cmcl")
                .setObjectives(proto.getObjectives().toBuilder().clearCmcl())
                .build()));
    variants.put("in-batch CMCL", inBatch.toBuilder().name("ablation-in-batch").build());
    ModelSpec negatives =
        inBatch.toBuilder()
            .name("ablation-negatives")
            .cmcl(c -> c.samples(x -> x.tfidfNegatives(1).objectNegatives(1).attributeNegatives(1).relationNegatives(1)))
            .build();
    ModelSpec positives =
        negatives.toBuilder().name("ablation-positives").cmcl(c -> c.samples(x -> x.paraphrases(1))).build();
    ModelSpec retrieval =
        positives.toBuilder()
            .name("ablation-retrieval")
            .cmcl(c -> c.samples(x -> x.relatedImages(1).relatedTexts(1)))
            .build();
    variants.put("+ rewritten negatives", negatives);
    variants.put("+ positives (paraphrases)", positives);
    variants.put("+ retrieval (related images, texts)", retrieval);
    return new Ablation("CMCL", "cmcl", java.util.Collections.unmodifiableMap(variants));
  }

  /**
   * Variants of a model that differ in one objective.
   *
   * @param subject what the variants vary, for a table's header, e.g. {@code CMCL}
   * @param loss the metrics name of the varied objective's loss, e.g. {@code cmcl}
   * @param variants by description, in order
   */
  public record Ablation(String subject, String loss, java.util.Map<String, ModelSpec> variants) {}
}
