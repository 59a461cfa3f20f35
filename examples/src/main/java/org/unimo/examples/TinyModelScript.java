package org.unimo.examples;

import org.unimo.dsl.Activation;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrcSpec;
import org.unimo.dsl.Pooling;
import org.unimo.dsl.Seq2SeqSpec;
import org.unimo.dsl.XlaMode;

/**
 * A model script in Java: the tiny CPU model with every UNIMO objective, written out in full.
 * Running it prints the canonical config (the same as examples/configs/tiny.textproto).
 */
public final class TinyModelScript {
  private TinyModelScript() {}

  public static ModelSpec spec() {
    return ModelSpec.builder("tiny")
        .seed(42)
        .text(t -> t.byteBpe(1000).maxLength(24))
        .image(i -> i.featureSize(64).maxRegions(5).boxFeatures(5))
        .encoder(
            e ->
                e.layers(2)
                    .hidden(128)
                    .heads(4)
                    .ffn(512)
                    .activation(Activation.GELU)
                    .dropout(0.1f)
                    .maxPositions(64)
                    .pooling(Pooling.MEAN))
        .maskedLm(m -> m.weight(0.25f).rate(0.15f).maxPredictions(5))
        .cmcl(c -> c.weight(1f).temperature(0.07f))
        .mrfr(r -> r.weight(0.25f).rate(0.15f))
        .mrc(r -> r.weight(0.25f).rate(0.15f).target(MrcSpec.Target.SOFT).classes(30))
        .seq2seq(g -> g.weight(0.25f).attention(Seq2SeqSpec.Attention.SEQ2SEQ))
        .pairMlm(p -> p.weight(0.25f).maxPredictions(5))
        .captionGeneration(g -> g.weight(0.25f))
        .optimizer(o -> o.learningRate(1e-3f).warmupSteps(100).clipNorm(1f))
        .training(t -> t.batchSize(64).steps(600))
        .compile(c -> c.xla(XlaMode.AUTO).intraOpThreads(2).interOpThreads(1))
        .shapesWorld(w -> w.trainScenes(4000).heldoutScenes(100).imageOnlyScenes(1000))
        .build();
  }

  public static void main(String[] args) {
    System.out.print(spec().toTextProto());
  }
}
