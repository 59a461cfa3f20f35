/**
 * Readers (and a writer) for the standard file formats of vision-language pre-training, so users
 * can bring their own data: text corpora (plain text or JSON lines), bottom-up-attention region
 * features (TSV with base64 float32 columns), and captions (COCO captions JSON, Karpathy-split JSON,
 * JSON lines); plus {@link org.unimo.tasks.formats.ShapesWorldExport}, which writes the built-in
 * shapes world in those formats.
 *
 * <p>Every reader streams where the format allows it, decodes UTF-8 strictly, reads gzip when a
 * name ends in {@code .gz}, and reports a malformed row as a {@link
 * org.unimo.tasks.formats.DataFileException} naming the file and the line or record; a {@link
 * org.unimo.tasks.formats.BadRows} policy decides whether the first one stops the read or bad rows
 * are counted and skipped. The layouts are described in {@code docs/data-formats.md}.
 *
 * <p>{@link org.unimo.tasks.formats.LineReader}, {@link org.unimo.tasks.formats.LineRows} and
 * {@link org.unimo.tasks.formats.JsonLines} are public so that readers in other packages (the
 * fine-tuning tasks' data, {@code org.unimo.tasks.finetune.data}) decode, number and report lines
 * the same way.
 */
@NullMarked
package org.unimo.tasks.formats;

import org.jspecify.annotations.NullMarked;
