/**
 * Retrieval for CMCL sample sets: TF-IDF hard negatives and retrieved positives.
 *
 * <p>UNIMO (Li et al., ACL 2021) contrasts each image-text pair against sentence-level hard
 * negatives, the captions of other images most similar to the caption by TF-IDF, and against
 * positives found by retrieval: related images (images whose regions' class labels overlap) and
 * related texts (sentences of a text-only corpus similar to the caption). This package finds all
 * three with one Lucene inverted index and one scoring function:
 *
 * <ul>
 *   <li>{@link org.unimo.rewriting.retrieval.TfidfMiner}: every caption of a caption corpus gets its
 *       top-k captions of other images ({@link org.unimo.rewriting.samples.SampleKind#TFIDF}),
 *       streamed in input order, mined on several threads with the same result as on one.
 *   <li>{@link org.unimo.rewriting.retrieval.RelatedImages}: images as multisets of region labels;
 *       the top-k other images ({@link org.unimo.rewriting.samples.SampleKind#IMAGE}).
 *   <li>{@link org.unimo.rewriting.retrieval.RelatedTexts}: the top-k sentences of a text corpus for
 *       a caption ({@link org.unimo.rewriting.samples.SampleKind#TEXT}).
 * </ul>
 *
 * <p>Scores are Lucene's classic TF-IDF ({@link
 * org.apache.lucene.search.similarities.ClassicSimilarity}): for a query q and document d, the sum
 * over the distinct terms t of q of {@code count(t, q) * sqrt(freq(t, d)) * idf(t)^2 / sqrt(len(d))}
 * with {@code idf(t) = 1 + ln((N + 1) / (df(t) + 1))}; {@code len(d)} counts d's terms after stop
 * words are removed and is rounded by Lucene's one-byte norm encoding. This is the cosine of the
 * TF-IDF vectors of q and d with d's vector length approximated by the square root of its term
 * count, without q's length (a constant per query). Equal scores are broken by input order.
 */
@NullMarked
package org.unimo.rewriting.retrieval;

import org.jspecify.annotations.NullMarked;
