package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unimo ablate} end to end on a short budget: every variant trains (the sample-set ones
 * rewrite the shapes world's captions first) and the table lands in stdout and ablation.md. The
 * README's numbers come from the default budget; this checks the path, not the numbers.
 */
class AblateIT {
  @Test
  void theTableHasEveryVariant(@TempDir Path dir) throws Exception {
    Cli.Run run = Cli.unimo(dir, 20, "ablate", "--steps", "6", "--out", dir.resolve("ablate").toString(), "--no-progress");
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.out())
        .contains("| no CMCL (masked LM only) |")
        .contains("| in-batch CMCL |")
        .contains("| + rewritten negatives |")
        .contains("| + positives (paraphrases) |")
        .contains("| + retrieval (related images, texts) |");
    assertThat(Files.readString(dir.resolve("ablate/ablation.md"))).isEqualTo(run.out());
  }
}
