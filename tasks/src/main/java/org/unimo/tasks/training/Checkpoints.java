package org.unimo.tasks.training;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unimo.graph.LiveModel;

/**
 * The checkpoints of a run directory, {@code checkpoints/ckpt-STEP/}: the model's variables
 * (weights, Adam slots and beta powers, the global step, the fp16 loss scale and its counter) and
 * the host-side state of the run ({@link State}). {@code checkpoints/latest} names the newest.
 *
 * <p>Writing is atomic: a checkpoint is written into {@code ckpt-STEP.partial/} and renamed into
 * place when complete, and {@code latest} is replaced by a rename after that. A process killed (or
 * interrupted a second time) while writing leaves the previous checkpoint and {@code latest}
 * intact; the partial directory is removed by the next write.
 */
public final class Checkpoints {
  static final String DIR = "checkpoints";
  private static final String LATEST = "latest";
  private static final String VARIABLES = "variables";
  private static final String STATE = "state.json";

  private final Path dir;

  /** The checkpoints of {@code runDir}. */
  public Checkpoints(Path runDir) {
    this.dir = runDir.resolve(DIR);
  }

  /**
   * What a resumed run needs beyond the model's variables.
   *
   * @param step the last step the checkpoint includes
   * @param cursor how many batches each data stream had handed out
   * @param skippedSteps FP16: steps skipped so far for non-finite gradients
   */
  public record State(long step, StepBatches.Cursor cursor, long skippedSteps) {
    /**
     * The layout of {@code state.json} and of the variables beside it. Checkpoints of another
     * layout (an earlier toolkit's: numbered streams, other variable names) are refused by name
     * rather than resumed wrongly.
     */
    static final String FORMAT = "unimo-checkpoint/2";

    private static final String BATCHES = "batches.";

    JsonLine toJson() {
      JsonLine line = new JsonLine().put("format", FORMAT).put("step", step);
      cursor.batches().forEach((stream, n) -> line.put(BATCHES + stream, n));
      return line.put("skipped_steps", skippedSteps);
    }

    static State fromJson(JsonObject json) {
      java.util.Map<String, Long> batches = new java.util.TreeMap<>();
      for (var field : json.entrySet()) {
        if (field.getKey().startsWith(BATCHES)) {
          batches.put(field.getKey().substring(BATCHES.length()), field.getValue().getAsLong());
        }
      }
      return new State(
          json.get("step").getAsLong(), new StepBatches.Cursor(batches), json.get("skipped_steps").getAsLong());
    }
  }

  /** A checkpoint on disk: its directory and state. */
  public record Saved(Path directory, State state) {
    /** The prefix {@link LiveModel#restoreVariables} takes. */
    Path variablesPrefix() {
      return directory.resolve(VARIABLES);
    }
  }

  /** Writes the model's variables and {@code state}, then points {@code latest} at them. */
  public Saved save(LiveModel model, State state, int keep) throws IOException {
    Files.createDirectories(dir);
    String name = "ckpt-" + state.step();
    Path partial = dir.resolve(name + ".partial");
    deleteIfExists(partial);
    Files.createDirectories(partial);
    model.saveVariables(partial.resolve(VARIABLES));
    Files.writeString(partial.resolve(STATE), state.toJson().pretty() + "\n", StandardCharsets.UTF_8);
    Path target = dir.resolve(name);
    deleteIfExists(target);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
    prune(keep, state.step());
    return new Saved(target, state);
  }

  /** The checkpoint {@code latest} names, if any. */
  public Optional<Saved> latest() throws IOException {
    Path latest = dir.resolve(LATEST);
    if (!Files.isRegularFile(latest)) {
      return Optional.empty();
    }
    Path checkpoint = dir.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
    Path state = checkpoint.resolve(STATE);
    if (!Files.isRegularFile(state)) {
      throw new IOException(latest + " names " + checkpoint + ", which has no " + STATE);
    }
    JsonObject json = JsonParser.parseString(Files.readString(state, StandardCharsets.UTF_8)).getAsJsonObject();
    String format = json.has("format") ? json.get("format").getAsString() : "none";
    if (!format.equals(State.FORMAT)) {
      throw new IOException(
          state
              + ": a checkpoint of format '"
              + format
              + "', written by another version of the toolkit; this one resumes '"
              + State.FORMAT
              + "' only: resume with the version that wrote it, or start a new run");
    }
    return Optional.of(new Saved(checkpoint, State.fromJson(json)));
  }

  /** Restores {@code saved}'s variables into {@code model} (which then skips its initializers). */
  public static void restore(LiveModel model, Saved saved) {
    model.restoreVariables(saved.variablesPrefix());
  }

  /** Keeps the newest {@code keep} checkpoints (never the one just written) and no partial ones. */
  private void prune(int keep, long newest) throws IOException {
    List<Long> steps = new ArrayList<>();
    List<Path> partial = new ArrayList<>();
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.matches("ckpt-\\d+")) {
          steps.add(Long.parseLong(name.substring(5)));
        } else if (name.matches("ckpt-\\d+\\.partial")) {
          partial.add(p);
        }
      }
    }
    steps.sort(null);
    for (int i = 0; i < steps.size() - Math.max(1, keep); i++) {
      if (steps.get(i) != newest) {
        deleteIfExists(dir.resolve("ckpt-" + steps.get(i)));
      }
    }
    for (Path p : partial) {
      deleteIfExists(p);
    }
  }

  private static void deleteIfExists(Path path) throws IOException {
    if (Files.exists(path)) {
      MoreFiles.deleteRecursively(path, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
