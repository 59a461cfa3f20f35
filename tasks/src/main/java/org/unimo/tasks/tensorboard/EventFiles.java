package org.unimo.tasks.tensorboard;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * Writes and reads TensorBoard event files of scalar summaries.
 *
 * <pre>{@code
 * try (EventFiles.Writer events = EventFiles.create(runDir.resolve("events"))) {
 *   events.scalars(step, Map.of("loss/total", 1.5f));
 * }
 * }</pre>
 */
public final class EventFiles {
  private EventFiles() {}

  /**
   * Opens a new event file in {@code dir}, named as TensorBoard expects ({@code
   * events.out.tfevents.SECONDS.HOST}), starting with the file-version record.
   */
  public static Writer create(Path dir) throws IOException {
    Files.createDirectories(dir);
    long now = System.currentTimeMillis();
    String host = hostName();
    Path file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host);
    for (int n = 1; Files.exists(file); n++) {
      file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + n);
    }
    Writer writer = new Writer(file, new BufferedOutputStream(Files.newOutputStream(file)));
    writer.write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion("brain.Event:2").build());
    return writer;
  }

  /** Every event of {@code file}, in order; checksums verified. */
  public static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      byte[] record;
      while ((record = TfRecords.read(in, file.toString())) != null) {
        events.add(Event.parseFrom(record));
      }
    }
    return events;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** An open event file. Each {@link #scalars} call is one record, flushed at once. */
  public static final class Writer implements AutoCloseable {
    private final Path file;
    private final OutputStream out;

    private Writer(Path file, OutputStream out) {
      this.file = file;
      this.out = out;
    }

    public Path file() {
      return file;
    }

    /** One event at {@code step} holding a scalar summary per entry, in the map's order. */
    public void scalars(long step, Map<String, ? extends Number> values) throws IOException {
      Summary.Builder summary = Summary.newBuilder();
      values.forEach(
          (tag, value) -> summary.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue())));
      write(
          Event.newBuilder()
              .setWallTime(System.currentTimeMillis() / 1000.0)
              .setStep(step)
              .setSummary(summary)
              .build());
    }

    /**
     * Marks a restart at {@code step}: TensorBoard then drops what earlier files of the directory
     * hold for this step and after (written by the interrupted process after its last checkpoint),
     * as it does for TensorFlow's own resumed runs.
     */
    public void restartAt(long step) throws IOException {
      write(
          Event.newBuilder()
              .setWallTime(System.currentTimeMillis() / 1000.0)
              .setStep(step)
              .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
              .build());
    }

    private void write(Event event) throws IOException {
      TfRecords.write(out, event.toByteArray());
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
