package org.unimo.examples

import org.unimo.dsl.Activation
import org.unimo.dsl.ModelSpec
import org.unimo.dsl.MrcSpec
import org.unimo.dsl.Pooling
import org.unimo.dsl.Seq2SeqSpec
import org.unimo.dsl.XlaMode

/**
 * The tiny CPU model, every UNIMO objective, as a Kotlin model script. Every block's builder is `this`
 * (the DSL's `Block` interface is marked for Kotlin's sam-with-receiver plugin), so blocks read as
 * plain statements.
 */
fun tinyModel(): ModelSpec =
    ModelSpec.define("tiny") {
        seed(42)
        text {
            byteBpe(1000)
            maxLength(24)
        }
        image {
            featureSize(64)
            maxRegions(5)
            boxFeatures(5)
        }
        encoder {
            layers(2)
            hidden(128)
            heads(4)
            ffn(512)
            activation(Activation.GELU)
            dropout(0.1f)
            maxPositions(64)
            pooling(Pooling.MEAN)
        }
        maskedLm {
            weight(0.25f)
            rate(0.15f)
            maxPredictions(5)
        }
        cmcl {
            weight(1f)
            temperature(0.07f)
        }
        mrfr {
            weight(0.25f)
            rate(0.15f)
        }
        mrc {
            weight(0.25f)
            rate(0.15f)
            target(MrcSpec.Target.SOFT)
            classes(30)
        }
        seq2seq {
            weight(0.25f)
            attention(Seq2SeqSpec.Attention.SEQ2SEQ)
        }
        pairMlm { weight(0.25f); maxPredictions(5) }
        captionGeneration { weight(0.25f) }
        optimizer {
            learningRate(1e-3f)
            warmupSteps(100)
            clipNorm(1f)
        }
        training {
            batchSize(64)
            steps(600)
        }
        compile {
            xla(XlaMode.AUTO)
            intraOpThreads(2)
            interOpThreads(1)
        }
        shapesWorld {
            trainScenes(4000)
            heldoutScenes(100)
            imageOnlyScenes(1000)
        }
    }

/** Prints the canonical config: `examples/configs/tiny.textproto` without its comment lines. */
fun main() {
    print(tinyModel().toTextProto())
}
