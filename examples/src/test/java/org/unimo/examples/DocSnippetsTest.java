package org.unimo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.examples.DocSnippets.Language;
import org.unimo.examples.DocSnippets.Snippet;

/**
 * Every {@code java} and {@code kotlin} block of {@code README.md} and {@code docs/**.md}
 * compiles, so the docs cannot drift from the API. See {@link DocSnippets} for the convention.
 */
class DocSnippetsTest {
  /** The repository root: Surefire runs in the examples module's directory. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void everyJavaAndKotlinSnippetOfTheDocsCompiles() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (Path document : documents()) {
      String name = ROOT.relativize(document).toString().replace('\\', '/');
      snippets.addAll(DocSnippets.extract(name, Files.readString(document)));
    }

    List<String> errors = DocSnippets.compile(snippets, dir);

    assertThat(errors)
        .withFailMessage("%d compile errors in the docs' %d Java/Kotlin snippets:%n%s",
            errors.size(), snippets.size(), String.join("\n", errors))
        .isEmpty();
  }

  @Test
  void extractsTaggedBlocksWithTheirLinesAndSkipsTheRest() {
    String markdown =
        """
        # Title

        ```java
        int a = 1;
        ```

        ```text
        not code
        ```

        - an item:

          ```kotlin
          val b = 2
            indented()
          ```

        ```java-nocompile
        does not compile
        ```

        ````java
        String s = "```";
        ````
        """;

    List<Snippet> snippets = DocSnippets.extract("doc.md", markdown);

    assertThat(snippets)
        .containsExactly(
            new Snippet("doc.md", 4, Language.JAVA, "int a = 1;\n"),
            new Snippet("doc.md", 14, Language.KOTLIN, "val b = 2\n  indented()\n"),
            new Snippet("doc.md", 23, Language.JAVA, "String s = \"```\";\n"));
  }

  @Test
  void wrapsStatementsAndKeepsWholeUnits() {
    DocSnippets.Source statements =
        DocSnippets.source(new Snippet("d.md", 10, Language.JAVA, "int a = 1;\nint b = a;\n"), 1);
    DocSnippets.Source unit =
        DocSnippets.source(
            new Snippet("d.md", 20, Language.JAVA, "import java.util.List;\n\npublic record Pair(int a) {}\n"), 2);
    DocSnippets.Source kotlinUnit =
        DocSnippets.source(new Snippet("d.md", 30, Language.KOTLIN, "fun main() {\n}\n"), 3);

    assertThat(statements.text()).contains("import org.unimo.dsl.*;", "void snippet() throws Exception {");
    assertThat(statements.text().lines().skip(statements.codeLine() - 1).findFirst()).hasValue("int a = 1;");
    assertThat(statements.markdownLine(statements.codeLine() + 1)).isEqualTo(11);
    assertThat(statements.markdownLine(1)).as("a wrapper line: the fence").isEqualTo(9);
    assertThat(unit.relativePath()).isEqualTo("s2/Pair.java");
    assertThat(unit.text()).startsWith("package docsnippets.s2;\nimport java.util.List;");
    assertThat(unit.markdownLine(4)).isEqualTo(22);
    assertThat(kotlinUnit.text()).startsWith("package docsnippets.s3\nfun main()");
    assertThat(DocSnippets.source(new Snippet("d.md", 40, Language.KOTLIN, "f() // no newline"), 4).text())
        .endsWith("f() // no newline\n}\n");
  }

  @Test
  void aSnippetThatDoesNotCompileFailsAtItsMarkdownLine() throws IOException {
    String markdown =
        """
        Good Java:

        ```java
        ModelSpec spec = Presets.tiny().training(t -> t.steps(3)).build();
        String sha = spec.fingerprint();
        ```

        Bad Java:

        ```java
        ModelSpec spec = Presets.tiny().build();
        spec.train(true, metrics -> {});
        ```

        Good Kotlin:

        ```kotlin
        val spec = ModelSpec.define("k") { encoder { layers(2) }; maskedLm { rate(0.15f) } }
        ```

        Bad Kotlin:

        ```kotlin
        val spec = ModelSpec.define("k") {
            encoder { seed(7) }
        }
        ```
        """;

    List<String> errors = DocSnippets.compile(DocSnippets.extract("GUIDE.md", markdown), dir);

    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("GUIDE.md:12: cannot find symbol");
    assertThat(errors.get(1))
        .startsWith("GUIDE.md:25: ")
        .contains("cannot be called in this context with an implicit receiver");
  }

  /** README.md and every Markdown file under docs/. */
  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    Path readme = ROOT.resolve("README.md");
    if (Files.exists(readme)) {
      documents.add(readme);
    }
    Path docs = ROOT.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.walk(docs)) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
      }
    }
    return documents;
  }
}
