package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.TaskData;

/**
 * The shapes world's example configs as the integration tests run them, in fresh processes: a
 * small world exported, an example config fine-tuned on its files, and its best SavedModel scored.
 */
final class ShapesExamples {
  static final Path CONFIGS = Path.of("..", "examples", "configs");

  private ShapesExamples() {}

  /** Changes an example config before it is run (it may read the exported files). */
  @FunctionalInterface
  interface Adjust {
    void accept(ModelSpecProto.Builder proto) throws Exception;
  }

  /** {@code unimo export-shapes} of the tiny config's world with these counts, into {@code dir/shapes}. */
  static Path export(Path dir, int trainScenes, int heldoutScenes) throws Exception {
    ModelSpecProto.Builder world = ModelSpec.read(CONFIGS.resolve("tiny.textproto")).proto().toBuilder();
    world.getDataBuilder().getShapesWorldBuilder()
        .setTrainScenes(trainScenes).setHeldoutScenes(heldoutScenes).setImageOnlyScenes(16).setWordnetGlosses(50);
    Path worldConfig = Files.writeString(dir.resolve("world.textproto"), ModelSpec.of(world.build()).toTextProto());
    Path shapes = dir.resolve("shapes");
    Cli.Run exported = Cli.unimo(dir, 10, "export-shapes", "--config", worldConfig.toString(), "--out", shapes.toString());
    assertThat(exported.status()).as(exported.err()).isZero();
    return shapes;
  }

  /**
   * The example config {@code name} on {@code shapes}' files ({@code adjust}ed), fine-tuned 10
   * steps from scratch with one validation line for {@code task}; its best.json.
   */
  static JsonObject finetune(Path dir, Path shapes, String name, String task, Adjust adjust)
      throws Exception {
    ModelSpecProto.Builder proto = ModelSpec.read(CONFIGS.resolve(name + ".textproto")).proto().toBuilder();
    TaskData.Builder data = proto.getDataBuilder().getTaskBuilder();
    List<String> train = data.getTrainList().stream().map(p -> relocate(p, shapes)).toList();
    List<String> validation = data.getValidationList().stream().map(p -> relocate(p, shapes)).toList();
    List<String> features = data.getFeaturesList().stream().map(p -> relocate(p, shapes)).toList();
    data.clearTrain().addAllTrain(train).clearValidation().addAllValidation(validation).clearFeatures().addAllFeatures(features);
    adjust.accept(proto);
    Path config = Files.writeString(dir.resolve(name + ".textproto"), ModelSpec.of(proto.build()).toTextProto());
    Cli.Run tuned =
        Cli.unimo(
            dir, 10, "finetune", "--config", config.toString(), "--out", dir.resolve(name).toString(),
            "--steps", "10", "--eval-every", "10", "--deterministic", "--no-progress");
    assertThat(tuned.status()).as(tuned.err()).isZero();
    assertThat(tuned.out().lines().filter(l -> l.contains("\"validation\": {\"task\": \"" + task + "\"")).count()).isEqualTo(1);
    assertThat(dir.resolve(name).resolve("best/saved_model.pb")).exists();
    return JsonParser.parseString(Files.readString(dir.resolve(name).resolve("best.json"))).getAsJsonObject();
  }

  private static String relocate(String path, Path shapes) {
    return shapes.resolve(path.substring("data/shapes/".length())).toString();
  }

  /** {@code unimo eval} of a run's best SavedModel on the task of the spec inside it, with {@code more} options. */
  static JsonObject eval(Path dir, String name, String split, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("eval", "--model", dir.resolve(name).resolve("best").toString(), "--split", split));
    args.addAll(List.of(more));
    Cli.Run eval = Cli.unimo(dir, 10, args.toArray(String[]::new));
    assertThat(eval.status()).as(eval.err()).isZero();
    return JsonParser.parseString(eval.out().strip()).getAsJsonObject();
  }
}
