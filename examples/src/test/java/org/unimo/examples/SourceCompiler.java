package org.unimo.examples;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jetbrains.kotlin.cli.common.ExitCode;
import org.jetbrains.kotlin.cli.common.arguments.K2JVMCompilerArguments;
import org.jetbrains.kotlin.cli.common.messages.CompilerMessageSeverity;
import org.jetbrains.kotlin.cli.common.messages.CompilerMessageSourceLocation;
import org.jetbrains.kotlin.cli.common.messages.MessageCollector;
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler;
import org.jetbrains.kotlin.config.Services;
import org.jspecify.annotations.Nullable;

/**
 * Compiles Java or Kotlin sources in-process against the test class path and reports what the
 * compiler said, so tests can assert that code compiles, or that it fails for the right reason.
 *
 * <p>Kotlin is compiled the way {@code examples/pom.xml} compiles the model scripts: with the
 * {@code sam-with-receiver} plugin told about {@code org.unimo.dsl.HasImplicitReceiver}, so
 * {@code encoder { layers(2) }} means the same here as in the build. Each call is one compiler
 * invocation over all the given files; callers map {@link Diagnostic#file()} back to whatever
 * produced the file.
 */
final class SourceCompiler {
  /** The annotation the build's sam-with-receiver plugin is configured with. */
  static final String IMPLICIT_RECEIVER_ANNOTATION = "org.unimo.dsl.HasImplicitReceiver";

  private static final String SAM_WITH_RECEIVER_PLUGIN_ID = "org.jetbrains.kotlin.samWithReceiver";
  private static final String SAM_WITH_RECEIVER_JAR_PREFIX =
      "kotlin-sam-with-receiver-compiler-plugin-embeddable";

  private SourceCompiler() {}

  /**
   * One compiler message.
   *
   * @param error whether it is an error (as opposed to a warning or note)
   * @param file the source file it is about, or {@code null} for a message about the whole run
   * @param line its 1-based line in {@code file}, or 0 when it has none
   * @param message the compiler's text
   */
  record Diagnostic(boolean error, @Nullable Path file, long line, String message) {
    /** {@code file:line: message}, the form editors and CI logs link. */
    @Override
    public String toString() {
      return (file == null ? "" : file + ":" + line + ": ") + (error ? "" : "warning: ") + message;
    }
  }

  /**
   * What one compiler invocation reported.
   *
   * @param success whether the compiler finished without errors
   * @param diagnostics every error and warning, in the order reported
   */
  record Result(boolean success, List<Diagnostic> diagnostics) {
    /** The errors alone. */
    List<Diagnostic> errors() {
      return diagnostics.stream().filter(Diagnostic::error).toList();
    }

    /** All diagnostics, one per line (for assertion messages). */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(success ? "compiled" : "failed");
      diagnostics.forEach(d -> text.append('\n').append(d));
      return text.toString();
    }
  }

  /**
   * The class path the sources compile against: this JVM's, which under Surefire is the test class
   * path (the examples, every module they depend on, Kotlin's standard library).
   */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /**
   * Compiles Kotlin sources with one in-process {@code kotlinc} run.
   *
   * @param sources the {@code .kt} files
   * @param outputDir where class files go
   */
  static Result compileKotlin(List<Path> sources, Path outputDir) {
    K2JVMCompilerArguments arguments = new K2JVMCompilerArguments();
    arguments.setFreeArgs(sources.stream().map(Path::toString).toList());
    arguments.setClasspath(classPath());
    arguments.setDestination(outputDir.toString());
    arguments.setJvmTarget("17");
    arguments.setModuleName("compiled-in-test");
    // The standard library is on the class path already; without these kotlinc would look for a
    // Kotlin home directory, which an embedded compiler does not have.
    arguments.setNoStdlib(true);
    arguments.setNoReflect(true);
    arguments.setPluginClasspaths(new String[] {samWithReceiverJar()});
    arguments.setPluginOptions(
        new String[] {
          "plugin:" + SAM_WITH_RECEIVER_PLUGIN_ID + ":annotation=" + IMPLICIT_RECEIVER_ANNOTATION
        });
    Collector collector = new Collector();
    ExitCode exit = new K2JVMCompiler().exec(collector, Services.EMPTY, arguments);
    return new Result(exit == ExitCode.OK && !collector.hasErrors(), collector.diagnostics);
  }

  /**
   * Compiles Java sources with one in-process {@code javac} run (the JDK's own compiler).
   *
   * @param sources the {@code .java} files
   * @param outputDir where class files go
   */
  static Result compileJava(List<Path> sources, Path outputDir) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    DiagnosticCollector<JavaFileObject> collected = new DiagnosticCollector<>();
    StringWriter otherOutput = new StringWriter();
    boolean success;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(collected, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-d", outputDir.toString(),
              "-classpath", classPath(),
              "--release", "17",
              // The test class path holds annotation processors of no concern to snippets.
              "-proc:none",
              // By default a syntax error in one file stops javac before it type-checks any file,
              // hiding every other file's errors; go on through attribution and flow analysis.
              "-XDshould-stop.ifError=FLOW",
              "-encoding", "UTF-8");
      success =
          javac
              .getTask(otherOutput, files, collected, options, null, files.getJavaFileObjectsFromPaths(sources))
              .call();
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (javax.tools.Diagnostic<? extends JavaFileObject> d : collected.getDiagnostics()) {
      @Nullable JavaFileObject source = d.getSource();
      diagnostics.add(
          new Diagnostic(
              d.getKind() == javax.tools.Diagnostic.Kind.ERROR,
              source == null ? null : Path.of(source.toUri()),
              Math.max(0, d.getLineNumber()),
              d.getMessage(Locale.ROOT)));
    }
    if (!otherOutput.toString().isBlank()) {
      diagnostics.add(new Diagnostic(!success, null, 0, otherOutput.toString().strip()));
    }
    return new Result(success, diagnostics);
  }

  /** The sam-with-receiver plugin jar: a test dependency, so it is on the test class path. */
  private static String samWithReceiverJar() {
    return Arrays.stream(classPath().split(File.pathSeparator))
        .filter(entry -> Path.of(entry).getFileName().toString().startsWith(SAM_WITH_RECEIVER_JAR_PREFIX))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    SAM_WITH_RECEIVER_JAR_PREFIX + " is not on the test class path (examples/pom.xml)"));
  }

  /** Keeps kotlinc's errors and warnings; drops its progress and logging output. */
  private static final class Collector implements MessageCollector {
    final List<Diagnostic> diagnostics = new ArrayList<>();

    @Override
    public void clear() {
      diagnostics.clear();
    }

    @Override
    public void report(
        CompilerMessageSeverity severity,
        String message,
        @Nullable CompilerMessageSourceLocation location) {
      if (!severity.isError() && !severity.isWarning()) {
        return;
      }
      diagnostics.add(
          new Diagnostic(
              severity.isError(),
              location == null ? null : Path.of(location.getPath()),
              location == null ? 0 : Math.max(0, location.getLine()),
              message));
    }

    @Override
    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::error);
    }
  }
}
