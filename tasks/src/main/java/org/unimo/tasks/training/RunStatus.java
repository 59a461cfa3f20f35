package org.unimo.tasks.training;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code status.json} of a run directory: whether the run finished, and where it stands.
 *
 * <p>A run killed without warning ({@code kill -9}, a lost machine) leaves {@code running}
 * behind: that and {@code interrupted} both mean "resume me" ({@code unimo pretrain --resume
 * DIR}).
 *
 * <p>It also keeps the run options that {@code --resume} takes over: whether the run is
 * deterministic and when it checkpoints.
 *
 * @param state what the run is doing or how it ended
 * @param step the last step trained (0 before the first)
 * @param steps the steps the run is to train in all
 * @param deterministic whether metrics leave measured throughput out
 * @param checkpoints when the run writes checkpoints
 */
public record RunStatus(State state, long step, long steps, boolean deterministic, CheckpointPolicy checkpoints) {
  public static final String FILE = "status.json";

  /** How a run stands. */
  public enum State {
    RUNNING,
    INTERRUPTED,
    FINISHED;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the run trained all its steps. */
  public boolean finished() {
    return state == State.FINISHED;
  }

  /** Writes {@code runDir/status.json} atomically. */
  public void write(Path runDir) throws IOException {
    JsonLine json =
        new JsonLine()
            .put("state", state.json())
            .put("step", step)
            .put("steps", steps)
            .put("deterministic", deterministic)
            .put("checkpoint_every", checkpoints.cadence())
            .put("keep_checkpoints", checkpoints.keep());
    if (!finished()) {
      json.put("resume", "unimo pretrain --resume " + runDir);
    }
    AtomicFiles.writeString(runDir.resolve(FILE), json.pretty() + "\n");
  }

  /** The status {@code runDir} records, if it has one. */
  public static Optional<RunStatus> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      return Optional.of(
          new RunStatus(
              State.valueOf(json.get("state").getAsString().toUpperCase(Locale.ROOT)),
              json.get("step").getAsLong(),
              json.get("steps").getAsLong(),
              json.get("deterministic").getAsBoolean(),
              CheckpointPolicy.parse(json.get("checkpoint_every").getAsString(), json.get("keep_checkpoints").getAsInt())));
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a run status (" + e.getMessage() + ")", e);
    }
  }
}
