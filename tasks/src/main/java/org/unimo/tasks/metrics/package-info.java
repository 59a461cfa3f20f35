/**
 * Evaluation metrics computed exactly as the benchmarks' official scorers compute them, so that a
 * number printed here can be put beside a published one: accuracy, Matthews correlation (CoLA, as
 * scikit-learn), Pearson and Spearman (STS-B, as SciPy), VQA accuracy (as the VQA evaluation's
 * {@code vqaEval.py}, answer normalization included), recall at 1, 5 and 10 for retrieval, and
 * BLEU-1..4, CIDEr-D and ROUGE-L after the PTB tokenization of the COCO caption evaluation
 * ({@link org.unimo.tasks.metrics.PtbTokenizer}), ROUGE-1, ROUGE-2 and ROUGE-Lsum for
 * summarization as Google's {@code rouge-score} ({@link org.unimo.tasks.metrics.RougeScore}, with
 * NLTK's {@link org.unimo.tasks.metrics.PorterStemmer}), and CoQA's F1 ({@link
 * org.unimo.tasks.metrics.CoqaF1}).
 *
 * <p>{@link org.unimo.tasks.metrics.MetricFiles} reads the official prediction and reference
 * formats and {@link org.unimo.tasks.metrics.Metric} ties each metric to its formats; {@code unimo
 * score} prints a {@link org.unimo.tasks.metrics.Score} as JSON. How each metric matches its
 * scorer, and which reference values the tests check, is in {@code docs/metrics.md}.
 */
@NullMarked
package org.unimo.tasks.metrics;

import org.jspecify.annotations.NullMarked;
