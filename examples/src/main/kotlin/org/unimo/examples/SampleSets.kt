package org.unimo.examples

import org.unimo.dsl.ModelSpec
import org.unimo.dsl.Presets

/**
 * The tiny retrieval model with CMCL sample sets, as `unimo ablate`'s last variant trains it:
 * one paraphrase, related image and related text as positives, one TF-IDF neighbour and one
 * object, attribute and relation rewrite as hard negatives per pair. Nested blocks read as
 * statements: `samples { ... }` inside `cmcl { ... }`.
 */
fun tinyWithSampleSets(): ModelSpec =
    Presets.tinyRetrieval().name("tiny-sample-sets").cmcl {
        samples {
            paraphrases(1)
            relatedImages(1)
            relatedTexts(1)
            tfidfNegatives(1)
            objectNegatives(1)
            attributeNegatives(1)
            relationNegatives(1)
        }
    }.build()
