/**
 * Readers for the data of downstream fine-tuning tasks, each into plain immutable example records:
 * GLUE's TSV files ({@link org.unimo.tasks.finetune.data.GlueTsv}, with presets for SST-2, CoLA,
 * MNLI and STS-B in {@link org.unimo.tasks.finetune.data.GlueTask}), VQA v2's question and
 * annotation JSON with an answer vocabulary and soft target scores ({@link
 * org.unimo.tasks.finetune.data.VqaV2}, {@link org.unimo.tasks.finetune.data.VqaAnswerVocabulary}),
 * SNLI-VE's JSON lines ({@link org.unimo.tasks.finetune.data.SnliVe}), the Karpathy split files of
 * COCO and Flickr30k for captioning and retrieval ({@link org.unimo.tasks.finetune.data.KarpathySplit}),
 * SQuAD 1.1 for question generation ({@link org.unimo.tasks.finetune.data.SquadV1}), CoQA ({@link
 * org.unimo.tasks.finetune.data.Coqa}), source and target line files such as CNN/DailyMail's and
 * Gigaword's ({@link org.unimo.tasks.finetune.data.LineFiles}), and the Spam Assassin email corpus that {@code ./unimo setup} installs ({@link
 * org.unimo.tasks.finetune.data.SpamAssassin}).
 *
 * <p>They follow {@link org.unimo.tasks.formats}: strict UTF-8, gzip when a name ends in {@code
 * .gz}, a {@link org.unimo.tasks.formats.DataFileException} naming the file and the line (or the
 * JSON record) for malformed content, and a {@link org.unimo.tasks.formats.BadRows} policy that
 * stops at the first bad row or skips and counts them. The layouts, label lists and the VQA scores
 * are described in {@code docs/data-formats.md}, section "Fine-tuning tasks' data".
 */
@NullMarked
package org.unimo.tasks.finetune.data;

import org.jspecify.annotations.NullMarked;
