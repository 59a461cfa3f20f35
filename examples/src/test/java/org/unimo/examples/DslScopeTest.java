package org.unimo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;

/**
 * Kotlin scoping of the model DSL: inside a block only that block's builder is an implicit
 * receiver ({@code org.unimo.dsl.SpecDsl} is a DSL marker on every builder), so a nested block
 * cannot reach an outer builder by accident.
 */
class DslScopeTest {
  @TempDir Path dir;

  @Test
  void anOuterBuilderIsNotReachableFromANestedBlock() throws Exception {
    Path script =
        write(
            "Leaky.kt",
            """
            package scope.leaky

            import org.unimo.dsl.ModelSpec

            fun leaky(): ModelSpec = ModelSpec.define("tiny") {
                encoder {
                    layers(2)
                    seed(7)
                    training { steps(3000) }
                }
            }
            """);

    SourceCompiler.Result result = SourceCompiler.compileKotlin(List.of(script), dir.resolve("out"));

    assertThat(result.success()).as("%s", result).isFalse();
    // Kotlin 2.4's wording of DSL_SCOPE_VIOLATION. Both calls of the outer ModelSpec.Builder fail, each on its own line, for the DSL-marker
    // reason; nothing else fails (layers(2) is the encoder's own).
    assertThat(result.errors())
        .as("%s", result)
        .extracting(SourceCompiler.Diagnostic::line)
        .containsExactly(8L, 9L);
    assertThat(result.errors())
        .allSatisfy(
            error -> {
              assertThat(error.file()).isEqualTo(script);
              assertThat(error.message()).contains("cannot be called in this context with an implicit receiver");
            });
  }

  @Test
  void scriptsThatStayInTheirBlocksCompileAndAnOuterBuilderCanBeNamedExplicitly() throws Exception {
    // The labelled receiver is the deliberate way out: it says which builder is meant.
    Path script =
        write(
            "Scoped.kt",
            """
            package scope.ok

            import org.unimo.dsl.ModelSpec

            fun scoped(): ModelSpec = ModelSpec.define("tiny") {
                encoder {
                    layers(2)
                    this@define.seed(7)
                }
                training { steps(3000) }
                maskedLm { rate(0.15f) }
            }
            """);
    Path out = dir.resolve("out");

    SourceCompiler.Result result = SourceCompiler.compileKotlin(List.of(script), out);

    assertThat(result.errors()).as("%s", result).isEmpty();
    assertThat(result.success()).isTrue();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      ModelSpec spec = (ModelSpec) loader.loadClass("scope.ok.ScopedKt").getMethod("scoped").invoke(null);
      assertThat(spec.proto().getSeed()).isEqualTo(7);
      assertThat(spec.proto().getEncoder().getLayers()).isEqualTo(2);
      assertThat(spec.proto().getTraining().getSteps()).isEqualTo(3000);
    }
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
