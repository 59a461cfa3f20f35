/**
 * Baselines that fine-tuned models are reported beside: what a task's score is without
 * pre-training, or without looking at the input at all.
 *
 * <ul>
 *   <li>{@link org.unimo.tasks.baseline.BagOfWords}: multinomial naive Bayes and logistic
 *       regression over the words of a text or text pair (and ridge regression for a scored task
 *       such as STS-B), trained deterministically on the task's training texts.
 *   <li>{@link org.unimo.tasks.baseline.Majority}: the most frequent training class, always.
 *   <li>{@link org.unimo.tasks.baseline.MajorityPerType}: for VQA, the most frequent training
 *       answer of the question's type.
 *   <li>{@link org.unimo.tasks.baseline.NearestImageCaption}: for captioning, the consensus caption
 *       of the training image whose mean-pooled region features are the most similar.
 * </ul>
 *
 * <p>Inputs are plain lists and arrays (texts, class indices, answers), so the baselines depend on
 * no reader; predictions are scored with {@link org.unimo.tasks.metrics}, as the models' are.
 */
@NullMarked
package org.unimo.tasks.baseline;

import org.jspecify.annotations.NullMarked;
