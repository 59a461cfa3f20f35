package org.unimo.tasks.cli;

import org.apache.commons.cli.CommandLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.jspecify.annotations.Nullable;

/** Parsing helpers that turn every argument problem into a {@link UsageException}. */
final class Args {
  private Args() {}

  /** {@code --cache DIR}, shared by the commands that load data. */
  static Option cacheOption() {
    return Option.builder()
        .longOpt("cache")
        .hasArg()
        .argName("DIR")
        .desc("data cache (default $UNIMO_CACHE or ~/.cache/unimo)")
        .build();
  }

  /** {@code --no-progress}, shared by the commands that train. */
  static Option noProgressOption() {
    return Option.builder().longOpt("no-progress").desc("no progress bar on standard error").build();
  }

  static CommandLine parse(Command command, String[] args) throws UsageException {
    Options options = command.options();
    try {
      return new DefaultParser().parse(options, args);
    } catch (MissingOptionException e) {
      List<String> missing = new ArrayList<>();
      for (Object option : e.getMissingOptions()) {
        missing.add("--" + option);
      }
      throw new UsageException(
          "missing required option" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
              + " (unimo " + command.name() + " --help)");
    } catch (MissingArgumentException e) {
      throw new UsageException(
          "--" + e.getOption().getLongOpt() + " needs a value " + e.getOption().getArgName()
              + " (unimo " + command.name() + " --help)");
    } catch (ParseException e) {
      throw new UsageException(e.getMessage() + " (unimo " + command.name() + " --help)");
    }
  }

  /** An optional positive integer option. */
  static @Nullable Integer positiveInt(CommandLine line, String option) throws UsageException {
    String value = line.getOptionValue(option);
    if (value == null) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed <= 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + option + ": '" + value + "' is not a positive integer");
    }
  }

  /** A required non-negative integer option: {@code --task 0}. */
  static int nonNegativeInt(CommandLine line, String option) throws UsageException {
    String value = line.getOptionValue(option);
    try {
      int parsed = Integer.parseInt(String.valueOf(value));
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + option + ": '" + value + "' is not a non-negative integer");
    }
  }

  /** A required-when-given enum option, case-insensitive: {@code --precision bf16}. */
  static <E extends Enum<E>> E choice(CommandLine line, String option, Class<E> type) throws UsageException {
    String value = line.getOptionValue(option);
    StringBuilder known = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
      known.append(known.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new UsageException("--" + option + ": '" + value + "' is not one of " + known);
  }
}
