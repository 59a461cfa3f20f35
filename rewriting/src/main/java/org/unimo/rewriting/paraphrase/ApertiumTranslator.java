package org.unimo.rewriting.paraphrase;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A {@link Translator} that runs <a href="https://www.apertium.org">Apertium</a>, a rule-based
 * machine translation system, as a process: {@code apertium -u eng-spa}, one process per batch.
 * It needs the Debian packages {@code apertium} and a language pair such as {@code
 * apertium-eng-spa} ({@code ./unimo setup} installs both); nothing is downloaded at run time.
 *
 * <pre>{@code
 * try (Translator engSpa = ApertiumTranslator.pair("eng", "spa");
 *     Translator spaEng = ApertiumTranslator.pair("spa", "eng")) {
 *   List<List<Sample>> positives = BackTranslator.via("spa", engSpa, spaEng).positives(captions);
 *   // "A man is riding a horse on the beach." -> "A man is mounting a horse in the beach."
 * }
 * }</pre>
 *
 * <p>How a batch travels: each sentence has its whitespace (line breaks included) collapsed to
 * single spaces and goes on a line of its own, with a blank line after it. Apertium's plain-text
 * format keeps every line break where it was and treats a blank line as the end of a sentence,
 * so no rule reaches across two sentences, and line {@code 2i} of the output is the translation
 * of sentence {@code i}. An output whose line count or blank lines do not match is rejected
 * rather than guessed at. Input and output are UTF-8; blank sentences are not sent and translate
 * to {@code ""}.
 *
 * <p>What comes back: apertium runs with {@code -u}, so unknown words are copied without its
 * {@code *} mark; its other marks ({@code #} for a word it could not inflect, {@code @} for one
 * missing from the bilingual dictionary) are removed too, unless the sentence itself contained
 * that character. Whitespace is collapsed and the ends stripped. The same input gives the same
 * output: apertium has no randomness.
 *
 * <p>Failures: {@link #pair} checks at once that apertium is installed and offers the
 * direction, and says how to install it otherwise. A batch that apertium fails on, or that takes
 * longer than {@link #timeout()}, throws {@link IllegalStateException} with apertium's standard
 * error, as {@link Translator#translate} specifies. The translator holds no process between
 * batches, so concurrent calls are allowed and {@link #close()} only refuses later ones.
 */
public final class ApertiumTranslator implements Translator {
  /** The program run, looked up on the {@code PATH}. */
  public static final String EXECUTABLE = "apertium";

  /** Sentences per apertium process when {@link #pair} chooses. */
  public static final int DEFAULT_BATCH_SIZE = 2000;

  /** How long one batch may take when {@link #pair} chooses. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** How to get apertium and the English-Spanish pair, for the messages. */
  public static final String INSTALL_HINT =
      "install it with ./unimo setup, or as root: apt-get install apertium apertium-eng-spa"
          + " (other pairs: apt-cache search apertium-)";

  // A language code as apertium's modes spell it: eng, spa, or with a variant: eng_US.
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]+)?");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}\\p{Cc}]+");
  // Apertium's marks: unknown word (*), untranslatable inflection (#), not in the dictionary (@).
  private static final String MARKS = "*#@";
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);
  // How long the pipes may stay open once the process has exited or been killed.
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final String executable;
  private final String mode;
  private final int batchSize;
  private final Duration timeout;
  private volatile boolean closed;

  private ApertiumTranslator(String executable, String mode, int batchSize, Duration timeout) {
    this.executable = executable;
    this.mode = mode;
    this.batchSize = batchSize;
    this.timeout = timeout;
  }

  /**
   * Translates from {@code source} to {@code target}, apertium's codes ({@code "eng"}, {@code
   * "spa"}), with apertium's mode {@code source-target}.
   *
   * @throws IOException if apertium is not installed or does not offer that direction; the
   *     message lists the directions it has and how to install more
   * @throws IllegalArgumentException if a code is not a language code such as {@code eng}
   */
  public static ApertiumTranslator pair(String source, String target) throws IOException {
    return create(EXECUTABLE, source, target);
  }

  /** {@link #pair} with another program than {@value #EXECUTABLE}, for tests. */
  static ApertiumTranslator create(String executable, String source, String target)
      throws IOException {
    String mode = mode(source, target);
    List<String> modes = modes(executable);
    if (!modes.contains(mode)) {
      throw new IOException(
          "apertium has no language pair " + mode + " (it has "
              + (modes.isEmpty() ? "none" : String.join(", ", modes)) + "); " + INSTALL_HINT);
    }
    return new ApertiumTranslator(executable, mode, DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT);
  }

  /**
   * Whether {@link #pair pair(source, target)} would succeed: apertium is installed and lists
   * the direction {@code source-target}. Runs {@code apertium -l}; never throws for a missing
   * apertium.
   *
   * @throws IllegalArgumentException if a code is not a language code such as {@code eng}
   */
  public static boolean isAvailable(String source, String target) {
    String mode = mode(source, target);
    try {
      return modes(EXECUTABLE).contains(mode);
    } catch (IOException e) {
      return false;
    }
  }

  private static String mode(String source, String target) {
    for (String code : List.of(requireNonNull(source, "source"), requireNonNull(target, "target"))) {
      if (!LANGUAGE.matcher(code).matches()) {
        throw new IllegalArgumentException(
            "'" + code + "' is not an apertium language code (such as eng, spa, eng_US)");
      }
    }
    return source + "-" + target;
  }

  /** The directions {@code apertium -l} lists, in its order. */
  private static List<String> modes(String executable) throws IOException {
    Run run;
    try {
      run = Run.of(List.of(executable, "-l"), "", LIST_TIMEOUT);
    } catch (IOException e) {
      throw new IOException("apertium is not installed (" + e.getMessage() + "); " + INSTALL_HINT, e);
    }
    if (run.timedOut || run.status != 0) {
      throw new IOException(
          executable + " -l " + (run.timedOut ? "gave no answer within " + LIST_TIMEOUT : "failed with status " + run.status)
              + ": " + run.stderr.strip() + "; " + INSTALL_HINT);
    }
    List<String> modes = new ArrayList<>();
    for (String line : run.stdout.split("\n")) {
      if (!line.isBlank()) {
        modes.add(line.strip());
      }
    }
    return List.copyOf(modes);
  }

  /** A copy that runs at most {@code sentences} sentences per apertium process. */
  public ApertiumTranslator withBatchSize(int sentences) {
    if (sentences < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + sentences);
    }
    return new ApertiumTranslator(executable, mode, sentences, timeout);
  }

  /** A copy that gives up on a batch after {@code perBatch}. */
  public ApertiumTranslator withTimeout(Duration perBatch) {
    if (perBatch.isNegative() || perBatch.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + perBatch);
    }
    return new ApertiumTranslator(executable, mode, batchSize, perBatch);
  }

  /** Apertium's direction: {@code "eng-spa"}. */
  public String mode() {
    return mode;
  }

  /** Sentences per apertium process. */
  public int batchSize() {
    return batchSize;
  }

  /** How long one batch may take. */
  public Duration timeout() {
    return timeout;
  }

  /** {@code "apertium eng-spa"}. */
  @Override
  public String name() {
    return "apertium " + mode;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the translator is closed, apertium exits with an error or
   *     takes longer than {@link #timeout()} on a batch (the message has its standard error), or
   *     its output does not line up with the input
   */
  @Override
  public List<String> translate(List<String> sentences) {
    requireNonNull(sentences, "sentences");
    List<String> translations = new ArrayList<>(sentences.size());
    for (int start = 0; start < sentences.size(); start += batchSize) {
      List<String> batch = sentences.subList(start, Math.min(sentences.size(), start + batchSize));
      translations.addAll(translateBatch(batch));
    }
    return Collections.unmodifiableList(translations);
  }

  private List<String> translateBatch(List<String> batch) {
    List<String> lines = new ArrayList<>(batch.size());
    for (String sentence : batch) {
      lines.add(WHITESPACE.matcher(requireNonNull(sentence, "sentence")).replaceAll(" ").strip());
    }
    if (closed) {
      throw new IllegalStateException(name() + ": translator is closed");
    }
    List<Integer> sent = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isEmpty()) {
        sent.add(i);
        input.append(lines.get(i)).append("\n\n");
      }
    }
    List<String> translations = new ArrayList<>(Collections.nCopies(batch.size(), ""));
    if (sent.isEmpty()) {
      return translations;
    }
    List<String> output = run(input.toString(), sent.size());
    for (int k = 0; k < sent.size(); k++) {
      int i = sent.get(k);
      translations.set(i, cleaned(output.get(k), lines.get(i)));
    }
    return translations;
  }

  /** Runs apertium on {@code input}, {@code count} sentences each followed by a blank line. */
  private List<String> run(String input, int count) {
    Run run;
    try {
      run = Run.of(List.of(executable, "-u", mode), input, timeout);
    } catch (IOException e) {
      throw new IllegalStateException(name() + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
    }
    if (run.timedOut) {
      throw new IllegalStateException(
          name() + ": no answer within " + timeout + " for " + count + " sentences; stderr: "
              + run.stderr.strip());
    }
    if (run.status != 0) {
      throw new IllegalStateException(
          name() + ": apertium exited with status " + run.status + " on " + count
              + " sentences; stderr: " + run.stderr.strip());
    }
    // Split keeps a trailing empty string only with a negative limit; the last "\n" ends line 2n.
    String[] lines = run.stdout.split("\n", -1);
    boolean aligned = lines.length == 2 * count + 1 && lines[2 * count].isEmpty();
    for (int k = 0; aligned && k < count; k++) {
      aligned = lines[2 * k + 1].isBlank();
    }
    if (!aligned) {
      throw new IllegalStateException(
          name() + ": output does not line up with the input: " + (lines.length - 1)
              + " lines for " + count + " sentences each followed by a blank line");
    }
    List<String> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      out.add(lines[2 * k]);
    }
    return out;
  }

  /** Apertium's marks that the source did not contain removed, whitespace collapsed. */
  private static String cleaned(String translation, String source) {
    String text = translation;
    for (char mark : MARKS.toCharArray()) {
      if (source.indexOf(mark) < 0) {
        text = text.replace(String.valueOf(mark), "");
      }
    }
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }

  /** Refuses later calls to {@link #translate}; a batch already running finishes. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "ApertiumTranslator[" + mode + ", batch " + batchSize + ", timeout " + timeout + "]";
  }

  /** One finished (or abandoned) process: exit status, standard output and error as UTF-8. */
  private static final class Run {
    final int status;
    final String stdout;
    final String stderr;
    final boolean timedOut;

    private Run(int status, String stdout, String stderr, boolean timedOut) {
      this.status = status;
      this.stdout = stdout;
      this.stderr = stderr;
      this.timedOut = timedOut;
    }

    /**
     * Runs {@code command} with {@code input} on its standard input. Output and error are read
     * while the input is written, so a large batch cannot fill a pipe and stall both sides.
     *
     * @throws IOException if the program cannot be started (it is not installed)
     * @throws IllegalStateException if its output cannot be read to the end
     */
    static Run of(List<String> command, String input, Duration timeout) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(command);
      // Apertium's tools read and write UTF-8 under any UTF-8 locale; the caller's may be "C".
      builder.environment().put("LC_ALL", "C.UTF-8");
      Process process = builder.start();
      try {
        return finish(process, command.get(0), input, timeout);
      } catch (ExecutionException e) {
        throw new IllegalStateException("reading from " + command.get(0) + ": " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        kill(process);
        throw new IllegalStateException(command.get(0) + " exited but its pipes stayed open", e);
      }
    }

    private static Run finish(Process process, String program, String input, Duration timeout)
        throws ExecutionException, TimeoutException {
      CompletableFuture<byte[]> stdout = drain(process.getInputStream());
      CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
      CompletableFuture<Void> stdin =
          CompletableFuture.runAsync(
              () -> {
                try (OutputStream in = process.getOutputStream()) {
                  in.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                  // The process exited before reading everything; its status and stderr say why.
                }
              },
              Run::daemon);
      try {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          kill(process);
          process.waitFor();
        }
        // Once the process is gone its pipes close, unless a child it left behind holds them.
        stdin.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new Run(
            finished ? process.exitValue() : -1,
            text(stdout),
            text(stderr),
            !finished);
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(program + " interrupted", e);
      }
    }

    private static String text(CompletableFuture<byte[]> stream)
        throws InterruptedException, ExecutionException, TimeoutException {
      return new String(
          stream.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    }

    /** Kills the process and its children: apertium is a shell script running a pipeline. */
    private static void kill(Process process) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
      return CompletableFuture.supplyAsync(
          () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = stream) {
              in.transferTo(bytes);
            } catch (IOException e) {
              // When the process exits (or is killed on a timeout) the JDK closes the pipe under a
              // reader it races with ("Stream closed"). What was read is all there is: a timeout
              // is reported as such, and a short output fails the line-up check.
            }
            return bytes.toByteArray();
          },
          Run::daemon);
    }

    /** Runs a stream copy on a thread of its own: the common pool may have no thread to spare. */
    private static void daemon(Runnable task) {
      Thread thread = new Thread(task, "apertium-io");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
