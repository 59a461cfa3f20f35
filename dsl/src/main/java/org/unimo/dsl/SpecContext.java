package org.unimo.dsl;

import java.util.Optional;

/**
 * The sections an objective's checks may compare its own settings with, e.g. masked LM's {@code
 * max_predictions} against {@code text.max_length}. An objective reads no other objective's
 * settings; rules between objectives live in the validator.
 *
 * @param text the text input
 * @param image the image input, empty when the spec declares none
 * @param encoder the encoder
 * @param training the training run
 */
public record SpecContext(
    TextSpec text, Optional<ImageSpec> image, EncoderSpec encoder, TrainingSpec training) {}
