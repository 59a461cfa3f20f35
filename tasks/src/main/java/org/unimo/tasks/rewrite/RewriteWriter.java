package org.unimo.tasks.rewrite;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import com.google.gson.stream.JsonWriter;
import com.google.protobuf.ByteString;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;
import org.unimo.rewriting.pipeline.RewrittenCaption;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.tasks.tensorboard.TfRecords;

/**
 * Writes rewritten captions: JSON lines, and optionally a TFRecord file of {@code tf.train.Example}s.
 * Both go to temporary files next to their targets and are renamed into place by {@link #commit};
 * closing without committing deletes them, so a failed run leaves nothing half-written. Not
 * thread-safe: one thread writes, in order.
 *
 * <p>A JSON line:
 *
 * <pre>{@code
 * {"index":0,"image_id":"57","caption":"a man rides a horse",
 *  "positives":[{"kind":"paraphrase","text":"...","source":"wordnet: ..."},
 *               {"kind":"image","image_id":"12","source":"image 12, score 0.81"}],
 *  "negatives":[{"kind":"object","text":"a man rides a cow","source":"horse -> cow"}]}
 * }</pre>
 *
 * <p>An Example's features: {@code index} (int64), {@code image_id} and {@code caption} (bytes),
 * and for every sample kind ({@link SampleKind#label()}: {@code backtranslation}, {@code
 * paraphrase}, {@code image}, {@code text}, {@code tfidf}, {@code object}, {@code attribute},
 * {@code relation}) the bytes lists {@code <kind>} (texts, or image ids for {@code image}) and
 * {@code <kind>_source}, possibly empty.
 */
public final class RewriteWriter implements AutoCloseable {
  private final Path jsonl;
  private final Path jsonlTemp;
  private final @Nullable Path tfrecord;
  private final @Nullable Path tfrecordTemp;
  private final BufferedWriter json;
  private final @Nullable OutputStream records;
  private final Map<SampleKind, Long> counts = new EnumMap<>(SampleKind.class);
  private long written;
  private boolean finished;

  /**
   * Opens temporary outputs next to {@code jsonl} and, when not null, {@code tfrecord}; they are
   * unique, so two runs writing the same targets do not mix their records.
   */
  public RewriteWriter(Path jsonl, @Nullable Path tfrecord) throws IOException {
    this.jsonl = jsonl;
    this.tfrecord = tfrecord;
    this.jsonlTemp = temp(jsonl);
    this.tfrecordTemp = tfrecord == null ? null : temp(tfrecord);
    BufferedWriter jsonOut = Files.newBufferedWriter(jsonlTemp, StandardCharsets.UTF_8, CREATE_NEW, WRITE);
    try {
      this.records =
          tfrecordTemp == null ? null : new BufferedOutputStream(Files.newOutputStream(tfrecordTemp, CREATE_NEW, WRITE));
    } catch (IOException | RuntimeException e) {
      jsonOut.close();
      Files.deleteIfExists(jsonlTemp);
      throw e;
    }
    this.json = jsonOut;
  }

  /** A fresh hidden name next to {@code target}; opened with CREATE_NEW, so never someone else's. */
  private static Path temp(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    return parent.resolve("." + target.getFileName() + "." + suffix + ".tmp");
  }

  /** Writes one caption's record; unchecked so it can serve as a stream sink. */
  public void write(RewrittenCaption caption) {
    if (finished) {
      throw new IllegalStateException("the writer of " + jsonl + " is already committed or closed");
    }
    try {
      writeJson(caption);
      if (records != null) {
        TfRecords.write(records, example(caption).toByteArray());
      }
      caption.samples().forEach(s -> counts.merge(s.kind(), 1L, Long::sum));
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeJson(RewrittenCaption caption) throws IOException {
    StringWriter line = new StringWriter();
    try (JsonWriter out = new JsonWriter(line)) {
      out.beginObject();
      out.name("index").value(caption.index());
      out.name("image_id").value(caption.caption().imageId());
      out.name("caption").value(caption.caption().text());
      for (boolean positive : new boolean[] {true, false}) {
        out.name(positive ? "positives" : "negatives").beginArray();
        for (Sample sample : caption.samples()) {
          if (sample.kind().isPositive() != positive) {
            continue;
          }
          out.beginObject();
          out.name("kind").value(sample.kind().label());
          out.name(sample.kind().isImage() ? "image_id" : "text").value(sample.value());
          out.name("source").value(sample.source());
          out.endObject();
        }
        out.endArray();
      }
      out.endObject();
    }
    json.write(line.toString());
    json.newLine();
  }

  /** The {@code tf.train.Example} of one rewritten caption (schema in the class comment). */
  public static Example example(RewrittenCaption caption) {
    Features.Builder features =
        Features.newBuilder()
            .putFeature("index", Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(caption.index())).build())
            .putFeature("image_id", bytes(List.of(caption.caption().imageId())))
            .putFeature("caption", bytes(List.of(caption.caption().text())));
    for (SampleKind kind : SampleKind.values()) {
      List<Sample> samples = caption.samples(kind);
      features.putFeature(kind.label(), bytes(samples.stream().map(Sample::value).toList()));
      features.putFeature(kind.label() + "_source", bytes(samples.stream().map(Sample::source).toList()));
    }
    return Example.newBuilder().setFeatures(features).build();
  }

  private static Feature bytes(List<String> values) {
    BytesList.Builder list = BytesList.newBuilder();
    values.forEach(v -> list.addValue(ByteString.copyFromUtf8(v)));
    return Feature.newBuilder().setBytesList(list).build();
  }

  /** Records written so far. */
  public long written() {
    return written;
  }

  /** Samples written so far, by kind, in {@link SampleKind} order. */
  public Map<SampleKind, Long> counts() {
    return Collections.unmodifiableMap(new EnumMap<>(counts));
  }

  /**
   * Flushes, closes and renames the outputs into place, the TFRecord file first so that a JSON-lines
   * output in place means the run finished.
   */
  public void commit() throws IOException {
    if (finished) {
      throw new IllegalStateException("the writer of " + jsonl + " is already committed or closed");
    }
    json.close();
    if (records != null) {
      records.close();
    }
    if (tfrecord != null && tfrecordTemp != null) {
      Files.move(tfrecordTemp, tfrecord, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(jsonlTemp, jsonl, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    finished = true;
  }

  /** Deletes the temporary outputs unless committed. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      json.close();
      if (records != null) {
        records.close();
      }
    } finally {
      Files.deleteIfExists(jsonlTemp);
      if (tfrecordTemp != null) {
        Files.deleteIfExists(tfrecordTemp);
      }
    }
  }
}
