package org.unimo.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, checked on the compiled main classes of every module (bytecode: an import, a fully
 * qualified name, a method reference or a generic argument all count).
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.unimo");
  }

  @Test
  void onlyTheDslReachesTheGeneratedProto() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.unimo.dsl", "org.unimo.dsl.proto..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.unimo.dsl.proto..")
        .because("the generated proto stays behind ModelSpec: model code reads the typed views")
        .check(main);
  }

  @Test
  void theGraphAndServingDoNotReachTheRewritingPipelineOrTheTasks() {
    noClasses()
        .that()
        .resideInAnyPackage("org.unimo.graph..", "org.unimo.savedmodels..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.unimo.rewriting.pipeline..",
            "org.unimo.rewriting.scene..",
            "org.unimo.rewriting.retrieval..",
            "org.unimo.rewriting.paraphrase..",
            "org.unimo.rewriting.samples..",
            "org.unimo.tasks..")
        .check(main);
  }

  @Test
  void theCompilerAndTrainerNameNoObjective() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.unimo.graph", "org.unimo.graph.objective", "org.unimo.tasks.training", "org.unimo.tasks.eval", "org.unimo.tasks.cli")
        .and()
        .doNotHaveSimpleName("ObjectiveRegistry")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.unimo.graph.objectives..", "org.unimo.graph.heads..")
        .because("objectives and heads plug in through ObjectiveRegistry; nothing else names one")
        .check(main);
  }

  /** Each built-in objective's names: its spec section and its metrics name. */
  private static final Pattern OBJECTIVE_NAME =
      Pattern.compile("\"(masked_lm|mlm|cmcl|mrfr|mrc|seq2seq|pair_mlm|caption_generation)[\"/_]");

  /**
   * The generic machinery (compiler, objective seam, trainer, data batching, evaluation, CLI,
   * export) spells no objective's name: per-objective strings live in the objectives' packages,
   * the DSL and the presets.
   */
  @Test
  void noObjectiveIsNamedInAStringOutsideItsPackage() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> generic =
        List.of(
            root.resolve("graph/src/main/java/org/unimo/graph"),
            root.resolve("tasks/src/main/java/org/unimo/tasks"),
            root.resolve("savedmodels/src/main/java/org/unimo/savedmodels"));
    List<String> found = new ArrayList<>();
    for (Path dir : generic) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          if (file.toString().contains("/graph/objectives/") || file.toString().contains("/graph/heads/")) {
            continue;
          }
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            Matcher m = OBJECTIVE_NAME.matcher(lines.get(i));
            if (m.find()) {
              found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      }
    }
    assertThat(found).as("objective names outside their packages").isEmpty();
  }
}
