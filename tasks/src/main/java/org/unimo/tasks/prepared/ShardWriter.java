package org.unimo.tasks.prepared;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingOutputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.tensorboard.TfRecords;

/**
 * Writes one stream of records as TFRecord shards of about {@code maxShardBytes} each, named
 * {@code STREAM-00000.tfrecord}, ..., each with an index of its records' offsets (little-endian
 * int64, one per record), so that a reader reaches record {@code i} with one seek. The SHA-256 of
 * every shard is computed as it is written. Not thread-safe.
 */
final class ShardWriter implements Closeable {
  private final Path dir;
  private final String stream;
  private final long maxShardBytes;
  private final List<Shard> shards = new ArrayList<>();
  private @Nullable Open open;
  private long records;

  /** The shard being written: data and index streams, and what it holds so far. */
  private static final class Open {
    final String file;
    final HashingOutputStream data;
    final DataOutputStream index;
    long records;
    long bytes;

    Open(Path dir, String file) throws IOException {
      this.file = file;
      this.data =
          new HashingOutputStream(Hashing.sha256(), new BufferedOutputStream(Files.newOutputStream(dir.resolve(file)), 1 << 16));
      this.index = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(Shard.indexFile(file)))));
    }
  }

  ShardWriter(Path dir, String stream, long maxShardBytes) {
    this.dir = dir;
    this.stream = stream;
    this.maxShardBytes = maxShardBytes;
  }

  /** Appends one record, starting a new shard when the current one is full. */
  void write(byte[] record) throws IOException {
    if (open != null && open.bytes > 0 && open.bytes + record.length + 16 > maxShardBytes) {
      finishShard();
    }
    if (open == null) {
      open = new Open(dir, String.format(Locale.ROOT, "%s-%05d.tfrecord", stream, shards.size()));
    }
    open.index.writeLong(Long.reverseBytes(open.bytes));
    TfRecords.write(open.data, record);
    open.bytes += record.length + 16L;
    open.records++;
    records++;
  }

  /** Records written so far. */
  long records() {
    return records;
  }

  /** Closes the last shard and returns every shard written, in order. */
  List<Shard> finish() throws IOException {
    finishShard();
    return List.copyOf(shards);
  }

  private void finishShard() throws IOException {
    if (open == null) {
      return;
    }
    Open shard = open;
    open = null;
    shard.index.close();
    shard.data.close();
    shards.add(new Shard(shard.file, shard.records, shard.bytes, shard.data.hash().toString()));
  }

  /** Closes the open files (a failed preparation deletes the whole directory). */
  @Override
  public void close() throws IOException {
    if (open != null) {
      try (OutputStream data = open.data;
          OutputStream index = open.index) {
        open = null;
      }
    }
  }
}
