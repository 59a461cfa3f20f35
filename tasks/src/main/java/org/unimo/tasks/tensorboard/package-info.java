/**
 * TensorBoard event files: TFRecord-framed {@code tensorflow.Event} records of scalar summaries,
 * written by the trainer and readable by TensorBoard (and by {@link
 * org.unimo.tasks.tensorboard.EventFiles#read}).
 */
@NullMarked
package org.unimo.tasks.tensorboard;

import org.jspecify.annotations.NullMarked;
