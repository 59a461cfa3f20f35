/**
 * Files of {@code unimo rewrite}: captions in (JSON lines or COCO captions JSON), image labels and
 * a text corpus; sample sets out (JSON lines, and TFRecord files of {@code tf.train.Example}s for
 * training).
 */
@NullMarked
package org.unimo.tasks.rewrite;

import org.jspecify.annotations.NullMarked;
