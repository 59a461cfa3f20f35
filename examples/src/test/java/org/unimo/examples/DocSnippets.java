package org.unimo.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The code blocks of Markdown documents, turned into sources that a compiler can check.
 *
 * <p>The docs' convention: a fenced block tagged {@code java} or {@code kotlin} must compile;
 * any other tag ({@code text}, {@code bash}, {@code textproto}, {@code java-nocompile}, none) is
 * left alone. A Java block is either a whole compilation unit (it starts with {@code package} or
 * {@code import}, or declares a top-level {@code class}, {@code record}, {@code interface} or
 * {@code enum}) or a run of statements, which becomes the body of a method that {@code throws
 * Exception} in a generated class. A Kotlin block is whole when it starts with {@code package} or
 * {@code import} or declares a top-level {@code fun}; otherwise its statements become the body of
 * {@code fun snippetN()}. Wrapped snippets see {@link #IMPORTED_PACKAGES}.
 *
 * <p>Every Java block compiles in one {@code javac} run and every Kotlin block in one {@code
 * kotlinc} run; each error is reported at the Markdown line it comes from.
 */
final class DocSnippets {
  /**
   * What a wrapped snippet imports on demand: the DSL (not its generated protobuf messages, which
   * are no script's business), the JDK packages docs use most, and the public packages of the
   * graph, savedmodels and tasks modules.
   */
  static final List<String> IMPORTED_PACKAGES =
      List.of(
          "org.unimo.dsl",
          "java.nio.file",
          "java.util",
          "java.io",
          "org.unimo.graph",
          "org.unimo.savedmodels",
          "org.unimo.tasks.cli",
          "org.unimo.tasks.data",
          "org.unimo.tasks.eval",
          "org.unimo.tasks.imports",
          "org.unimo.tasks.training",
          "org.unimo.tasks.rewrite",
          "org.unimo.tasks.tensorboard");

  /**
   * Single-type imports that settle names two of {@link #IMPORTED_PACKAGES} both declare (a
   * single-type import shadows on-demand ones): the DSL's {@code DataKind} rather than the graph's
   * (which is to go).
   */
  static final List<String> IMPORTED_CLASSES = List.of("org.unimo.dsl.DataKind");

  /** The package of generated wrappers; whole units without a package get a sub-package each. */
  static final String PACKAGE = "docsnippets";

  private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
  private static final Pattern JAVA_TYPE =
      Pattern.compile(
          "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|final|abstract|sealed|non-sealed|static|strictfp)\\s+)*"
              + "(?:class|record|interface|enum|@interface)\\s+\\w+");
  private static final Pattern JAVA_PUBLIC_TYPE =
      Pattern.compile(
          "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*public\\s+(?:(?:final|abstract|sealed|non-sealed|static|strictfp)\\s+)*"
              + "(?:class|record|interface|enum|@interface)\\s+(\\w+)");
  private static final Pattern KOTLIN_FUN =
      Pattern.compile(
          "(?m)^(?:(?:public|internal|private|inline|suspend|operator|infix|tailrec)\\s+)*fun\\s");
  private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s");

  private DocSnippets() {}

  /** The languages whose blocks are compiled. */
  enum Language {
    JAVA,
    KOTLIN;

    /** The language of a fence's tag, or {@code null} for a block that is not compiled. */
    static @Nullable Language ofTag(String tag) {
      return switch (tag) {
        case "java" -> JAVA;
        case "kotlin" -> KOTLIN;
        default -> null;
      };
    }
  }

  /**
   * One compiled code block.
   *
   * @param document where it is, as reported (e.g. {@code README.md}, {@code docs/kotlin.md})
   * @param line the 1-based Markdown line of its first code line (the line after the fence)
   * @param language its tag
   * @param code its text, with the fence's indentation removed
   */
  record Snippet(String document, int line, Language language, String code) {
    /** {@code document:line}, where the block's code starts. */
    String where() {
      return document + ":" + line;
    }
  }

  /**
   * A snippet as a source file.
   *
   * @param snippet what it was made from
   * @param relativePath where it goes under the compiler's source directory
   * @param text the file's contents
   * @param codeLine the 1-based line of the file on which the snippet's first line sits
   */
  record Source(Snippet snippet, String relativePath, String text, int codeLine) {
    /**
     * The Markdown line of a line of this file: the same line of the snippet, or the line before
     * the code (the opening fence) for lines the wrapper added.
     */
    int markdownLine(long fileLine) {
      long offset = fileLine - codeLine;
      long codeLines = snippet.code().lines().count();
      return offset >= 0 && offset < codeLines ? snippet.line() + (int) offset : snippet.line() - 1;
    }
  }

  /**
   * The {@code java} and {@code kotlin} blocks of a Markdown document, in order. Fences may be
   * indented (as in list items); a closing fence is the opening one's character, at least as long,
   * with nothing after it. An unclosed block runs to the end of the document, as in CommonMark.
   */
  static List<Snippet> extract(String document, String markdown) {
    List<Snippet> snippets = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE_OPEN.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      String fence = open.group(2);
      @Nullable Language language = Language.ofTag(open.group(3));
      StringBuilder code = new StringBuilder();
      int first = i + 2; // 1-based line after the fence
      int j = i + 1;
      for (; j < lines.size() && !closes(lines.get(j), fence); j++) {
        code.append(stripIndent(lines.get(j), indent)).append('\n');
      }
      if (language != null) {
        snippets.add(new Snippet(document, first, language, code.toString()));
      }
      i = j; // skip the block, closing fence included
    }
    return snippets;
  }

  /** The source file of the {@code index}th snippet (unique per compiler run). */
  static Source source(Snippet snippet, int index) {
    return switch (snippet.language()) {
      case JAVA -> javaSource(snippet, index);
      case KOTLIN -> kotlinSource(snippet, index);
    };
  }

  /**
   * Compiles snippets, Java in one {@code javac} run and Kotlin in one {@code kotlinc} run, under
   * {@code workDir}, and returns every error as {@code document:line: message}.
   */
  static List<String> compile(List<Snippet> snippets, Path workDir) throws IOException {
    List<Failure> errors = new ArrayList<>();
    for (Language language : Language.values()) {
      List<Snippet> ofLanguage = snippets.stream().filter(s -> s.language() == language).toList();
      if (ofLanguage.isEmpty()) {
        continue;
      }
      String lower = language.name().toLowerCase(Locale.ROOT);
      Path sourceDir = workDir.resolve(lower + "-src");
      Path outputDir = Files.createDirectories(workDir.resolve(lower + "-out"));
      Map<Path, Source> byFile = new LinkedHashMap<>();
      for (int i = 0; i < ofLanguage.size(); i++) {
        Source source = source(ofLanguage.get(i), i + 1);
        Path file = sourceDir.resolve(source.relativePath()).toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.text());
        byFile.put(file, source);
      }
      List<Path> files = List.copyOf(byFile.keySet());
      SourceCompiler.Result result =
          language == Language.JAVA
              ? SourceCompiler.compileJava(files, outputDir)
              : SourceCompiler.compileKotlin(files, outputDir);
      for (SourceCompiler.Diagnostic error : result.errors()) {
        @Nullable Path file = error.file();
        @Nullable Source source = file == null ? null : byFile.get(file.toAbsolutePath().normalize());
        String message = error.message().strip().replace("\n", "\n    ");
        errors.add(
            source == null
                ? new Failure(language + " snippets", 0, message)
                : new Failure(source.snippet().document(), source.markdownLine(error.line()), message));
      }
      if (!result.success() && result.errors().isEmpty()) {
        // Should not happen, but a failed run must never pass silently.
        errors.add(new Failure(language + " snippets", 0, "the compiler failed without an error: " + result));
      }
    }
    // Document order, whatever order the compilers reported in.
    return errors.stream()
        .sorted(Comparator.comparing(Failure::document).thenComparingInt(Failure::line))
        .map(Failure::toString)
        .toList();
  }

  /** A compile error at a Markdown line (0: not tied to a line). */
  private record Failure(String document, int line, String message) {
    @Override
    public String toString() {
      return document + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  private static Source javaSource(Snippet snippet, int index) {
    // The wrapper's closing lines must not land on the snippet's last line (a // comment).
    String code = snippet.code().endsWith("\n") ? snippet.code() : snippet.code() + "\n";
    String name = "Snippet" + index;
    if (isWholeJavaUnit(code)) {
      // javac wants a public type in a file of its name; a directory per snippet keeps names apart.
      Matcher publicType = JAVA_PUBLIC_TYPE.matcher(code);
      String fileName = (publicType.find() ? publicType.group(1) : name) + ".java";
      String packageLine =
          PACKAGE_LINE.matcher(code).find() ? "" : "package " + PACKAGE + ".s" + index + ";\n";
      return new Source(
          snippet, "s" + index + "/" + fileName, packageLine + code, packageLine.isEmpty() ? 1 : 2);
    }
    StringBuilder text = new StringBuilder("package " + PACKAGE + ";\n");
    IMPORTED_PACKAGES.forEach(p -> text.append("import ").append(p).append(".*;\n"));
    IMPORTED_CLASSES.forEach(c -> text.append("import ").append(c).append(";\n"));
    text.append("/** ").append(snippet.where()).append(" */\n");
    text.append("class ").append(name).append(" {\n");
    text.append("  void snippet() throws Exception {\n");
    int codeLine = (int) text.toString().lines().count() + 1;
    text.append(code);
    text.append("  }\n}\n");
    return new Source(snippet, name + ".java", text.toString(), codeLine);
  }

  private static Source kotlinSource(Snippet snippet, int index) {
    // The wrapper's closing lines must not land on the snippet's last line (a // comment).
    String code = snippet.code().endsWith("\n") ? snippet.code() : snippet.code() + "\n";
    String name = "Snippet" + index;
    if (isWholeKotlinUnit(code)) {
      // Without a package, top-level declarations of different snippets (two `fun main()`s) clash.
      String packageLine =
          PACKAGE_LINE.matcher(code).find() || firstCodeLine(code).startsWith("@file:")
              ? ""
              : "package " + PACKAGE + ".s" + index + "\n";
      return new Source(
          snippet, "s" + index + "/" + name + ".kt", packageLine + code, packageLine.isEmpty() ? 1 : 2);
    }
    StringBuilder text = new StringBuilder("package " + PACKAGE + "\n");
    IMPORTED_PACKAGES.forEach(p -> text.append("import ").append(p).append(".*\n"));
    IMPORTED_CLASSES.forEach(c -> text.append("import ").append(c).append('\n'));
    text.append("/** ").append(snippet.where()).append(" */\n");
    text.append("fun snippet").append(index).append("() {\n");
    int codeLine = (int) text.toString().lines().count() + 1;
    text.append(code);
    text.append("}\n");
    return new Source(snippet, name + ".kt", text.toString(), codeLine);
  }

  private static boolean isWholeJavaUnit(String code) {
    String first = firstCodeLine(code);
    return first.startsWith("package ") || first.startsWith("import ") || JAVA_TYPE.matcher(code).find();
  }

  private static boolean isWholeKotlinUnit(String code) {
    String first = firstCodeLine(code);
    return first.startsWith("package ")
        || first.startsWith("import ")
        || first.startsWith("@file:")
        || KOTLIN_FUN.matcher(code).find();
  }

  /** The first line that is neither blank nor a line comment, stripped; "" if none. */
  private static String firstCodeLine(String code) {
    return code.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("//"))
        .findFirst()
        .orElse("");
  }

  private static boolean closes(String line, String fence) {
    String stripped = line.strip();
    return stripped.length() >= fence.length()
        && stripped.chars().allMatch(c -> c == fence.charAt(0));
  }

  /** Removes up to {@code indent} leading spaces: a fence's indentation is not the code's. */
  private static String stripIndent(String line, int indent) {
    int n = 0;
    while (n < indent && n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return line.substring(n);
  }
}
