package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Presets;

/**
 * The whole bring-your-own-data path from the command line: the shapes world written in the
 * standard formats ({@code unimo export-shapes}), prepared ({@code unimo prepare}) and trained on
 * ({@code unimo pretrain --data}) prints exactly the metrics and held-out R@1 of training on the
 * in-memory world: the same batches at every step.
 */
class PreparedDataIT {
  private static final int STEPS = 40;

  @Test
  void standardFormatsPreparedTrainLikeTheInMemoryWorld(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(
        config,
        Presets.tiny()
            .cmcl(c -> c.weight(1f).temperature(0.07f).samples(s -> s.paraphrases(1).relatedImages(1).relatedTexts(1).tfidfNegatives(1).objectNegatives(1)))
            .shapesWorld(w -> w.trainScenes(300).heldoutScenes(40).imageOnlyScenes(100).wordnetGlosses(300))
            .optimizer(o -> o.warmupSteps(5))
            .training(t -> t.steps(STEPS))
            .build()
            .toTextProto());
    String cache = dir.resolve("cache").toString();
    List<String> common = List.of("--deterministic", "--no-progress", "--eval-every", "20", "--cache", cache);

    Cli.Run memory = pretrain(dir, concat(List.of("--config", config.toString(), "--out", dir.resolve("memory").toString()), common));
    Cli.Run exported = Cli.unimo(dir, 10, "export-shapes", "--config", config.toString(), "--out", dir.resolve("files").toString(), "--cache", cache);
    assertThat(exported.status()).as(exported.err()).isZero();
    Path files = dir.resolve("files");
    Cli.Run prepared =
        Cli.unimo(
            dir,
            10,
            "prepare",
            "--config", config.toString(),
            "--pairs", files.resolve("captions.json").toString(),
            "--features", files.resolve("features.tsv").toString(),
            "--images", files.resolve("images.tsv").toString(),
            "--text", files.resolve("text.txt").toString(),
            "--heldout", files.resolve("heldout.json").toString(),
            "--classes", files.resolve("classes.txt").toString(),
            "--out", dir.resolve("prepared").toString());
    assertThat(prepared.status()).as(prepared.err()).isZero();
    assertThat(prepared.err()).contains("prepared ").contains("300 pairs").contains("40 held-out pairs");

    Cli.Run fromFiles =
        pretrain(dir, concat(List.of("--config", config.toString(), "--data", dir.resolve("prepared").toString(), "--out", dir.resolve("files-run").toString()), common));
    assertThat(fromFiles.out()).isEqualTo(memory.out());
    assertThat(fromFiles.out().lines().filter(l -> l.contains("\"eval\"")).count()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("files-run/manifest.json"))).contains("prepared.json").contains("\"data_dir\"");
    assertThat(fromFiles.err()).contains("input pipeline: the loop waited");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static Cli.Run pretrain(Path dir, List<String> args) throws Exception {
    String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("pretrain"), args.stream()).toArray(String[]::new);
    Cli.Run run = Cli.unimo(dir, 15, all);
    assertThat(run.status()).as(run.err()).isZero();
    return run;
  }
}
