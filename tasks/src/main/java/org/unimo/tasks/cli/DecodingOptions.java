package org.unimo.tasks.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;

/**
 * The options of {@code predict} and {@code eval} that override a generation head's decoding
 * settings ({@code decoding { ... }} in its spec): {@code --beam}, {@code --length-penalty},
 * {@code --min-length}, {@code --max-length}, {@code --no-repeat-ngram}.
 */
final class DecodingOptions {
  private DecodingOptions() {}

  /** Adds the options to {@code options}. */
  static Options addTo(Options options) {
    return options
        .addOption(option("beam", "N", "generation heads: beam size (1 decodes greedily; default: the head's decoding.beam_size)"))
        .addOption(option("length-penalty", "A", "generation heads: GNMT length penalty alpha (default: the head's)"))
        .addOption(option("min-length", "N", "generation heads: forbid the end token before N tokens (default: the head's)"))
        .addOption(option("max-length", "N", "generation heads: at most N tokens (default: the head's, 0: as the text length allows)"))
        .addOption(option("no-repeat-ngram", "N", "generation heads: never repeat an n-gram of N tokens (0: off; default: the head's)"));
  }

  private static Option option(String name, String arg, String description) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
  }

  /** Whether any of the options is given. */
  static boolean given(CommandLine line) {
    for (String name : new String[] {"beam", "length-penalty", "min-length", "max-length", "no-repeat-ngram"}) {
      if (line.hasOption(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The head's decoding settings with the options applied, or null when none is given.
   *
   * @throws UsageException for a value out of range, or options given for a head that does not generate
   */
  static @Nullable DecodingSpec of(CommandLine line, @Nullable Object head, int textLength) throws UsageException {
    if (!given(line)) {
      return null;
    }
    if (!(head instanceof GenerationHeadSpec generation)) {
      throw new UsageException("--beam, --length-penalty, --min-length, --max-length and --no-repeat-ngram are for generation heads (decode_HEAD)");
    }
    DecodingSpec settings = generation.decoding();
    Integer beam = Args.positiveInt(line, "beam");
    if (beam != null) {
      settings = settings.withBeamSize(beam);
    }
    if (line.hasOption("length-penalty")) {
      String value = line.getOptionValue("length-penalty");
      try {
        float alpha = Float.parseFloat(value);
        if (!(alpha >= 0) || Float.isInfinite(alpha)) {
          throw new NumberFormatException();
        }
        settings = settings.withLengthPenalty(alpha);
      } catch (NumberFormatException e) {
        throw new UsageException("--length-penalty: '" + value + "' is not a number of 0 or more");
      }
    }
    Integer min = nonNegative(line, "min-length");
    if (min != null) {
      settings = settings.withMinLength(min);
    }
    Integer max = nonNegative(line, "max-length");
    if (max != null) {
      settings = settings.withMaxLength(max);
    }
    Integer ngram = nonNegative(line, "no-repeat-ngram");
    if (ngram != null) {
      settings = settings.withNoRepeatNgramSize(ngram);
    }
    if (settings.maxLength() > 0 && settings.minLength() > settings.maxLength()) {
      throw new UsageException("--min-length " + settings.minLength() + " exceeds the maximum length " + settings.maxLength());
    }
    if (settings.maxLength() > textLength - 2) {
      throw new UsageException("--max-length " + settings.maxLength() + " does not fit the model's text.max_length " + textLength);
    }
    return settings;
  }

  private static @Nullable Integer nonNegative(CommandLine line, String option) throws UsageException {
    String value = line.getOptionValue(option);
    if (value == null) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + option + ": '" + value + "' is not an integer of 0 or more");
    }
  }
}
