package org.unimo.examples

import org.unimo.dsl.Activation
import org.unimo.dsl.ModelSpec
import org.unimo.dsl.MrcSpec
import org.unimo.dsl.Pooling
import org.unimo.dsl.Seq2SeqSpec

/** UNIMO-base in Kotlin: 12 layers x 768, 12 heads, RoBERTa's BPE, 100 regions of 2048-d features. */
fun unimoBase(): ModelSpec = paperModel("unimo-base", layers = 12, hidden = 768, heads = 12)

/** UNIMO-large in Kotlin: 24 layers x 1024, 16 heads. */
fun unimoLarge(): ModelSpec = paperModel("unimo-large", layers = 24, hidden = 1024, heads = 16)

private fun paperModel(name: String, layers: Int, hidden: Int, heads: Int): ModelSpec =
    ModelSpec.define(name) {
        text {
            gpt2()
            maxLength(512)
        }
        image {
            featureSize(2048)
            maxRegions(100)
            boxFeatures(5)
        }
        encoder {
            layers(layers)
            hidden(hidden)
            heads(heads)
            ffn(4 * hidden)
            activation(Activation.GELU)
            dropout(0.1f)
            initializerRange(0.02f)
            maxPositions(512)
            pooling(Pooling.FIRST_TOKEN)
        }
        maskedLm { rate(0.15f) }
        seq2seq { attention(Seq2SeqSpec.Attention.SEQ2SEQ) }
        pairMlm { weight(1f) }
        captionGeneration { weight(1f) }
        mrfr { rate(0.15f) }
        mrc {
            rate(0.15f)
            classes(1601)
            target(MrcSpec.Target.SOFT)
        }
        cmcl {
            temperature(0.07f)
        }
        optimizer {
            learningRate(5e-5f)
            warmupSteps(10_000)
            linearDecay(true)
        }
        training {
            batchSize(32)
            steps(500_000)
        }
    }
