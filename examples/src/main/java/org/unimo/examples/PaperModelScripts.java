package org.unimo.examples;

import org.unimo.dsl.Activation;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrcSpec;
import org.unimo.dsl.Pooling;
import org.unimo.dsl.Seq2SeqSpec;

/**
 * The paper's two configurations as Java model scripts, written out field by field (the same
 * models as {@code Presets.unimoBase()} and {@code Presets.unimoLarge()}, and as
 * examples/configs/unimo-base.textproto and unimo-large.textproto).
 */
public final class PaperModelScripts {
  private PaperModelScripts() {}

  /** UNIMO-base: 12 layers x 768, 12 heads, RoBERTa's byte-level BPE, 100 Faster R-CNN regions. */
  public static ModelSpec unimoBase() {
    return paper("unimo-base", 12, 768, 12);
  }

  /** UNIMO-large: 24 layers x 1024, 16 heads. */
  public static ModelSpec unimoLarge() {
    return paper("unimo-large", 24, 1024, 16);
  }

  private static ModelSpec paper(String name, int layers, int hidden, int heads) {
    return ModelSpec.define(
        name,
        m ->
            m.text(t -> t.gpt2().maxLength(512))
                .image(i -> i.featureSize(2048).maxRegions(100).boxFeatures(5))
                .encoder(
                    e ->
                        e.layers(layers)
                            .hidden(hidden)
                            .heads(heads)
                            .ffn(4 * hidden)
                            .activation(Activation.GELU)
                            .dropout(0.1f)
                            .initializerRange(0.02f)
                            .maxPositions(512)
                            .pooling(Pooling.FIRST_TOKEN))
                .maskedLm(l -> l.rate(0.15f))
                .seq2seq(g -> g.weight(1f).attention(Seq2SeqSpec.Attention.SEQ2SEQ))
                .pairMlm(p -> p.weight(1f))
                .captionGeneration(g -> g.weight(1f))
                .mrfr(r -> r.weight(1f).rate(0.15f))
                .mrc(r -> r.weight(1f).rate(0.15f).classes(1601).target(MrcSpec.Target.SOFT))
                .cmcl(c -> c.temperature(0.07f))
                .optimizer(o -> o.learningRate(5e-5f).warmupSteps(10_000).linearDecay(true))
                .training(t -> t.batchSize(32).steps(500_000)));
  }

  public static void main(String[] args) {
    System.out.print(unimoBase().toTextProto());
    System.out.println("---");
    System.out.print(unimoLarge().toTextProto());
  }
}
