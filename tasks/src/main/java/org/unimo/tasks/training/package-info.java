/**
 * Pre-training: batches from the data, the masked-LM masking, the training loop with its
 * progress bar, metrics stream and checkpoints.
 */
@NullMarked
package org.unimo.tasks.training;

import org.jspecify.annotations.NullMarked;
