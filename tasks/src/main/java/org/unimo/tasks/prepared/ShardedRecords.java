package org.unimo.tasks.prepared;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unimo.tasks.tensorboard.TfRecords;

/**
 * Random access to the records of one prepared stream, by index over all its shards.
 *
 * <p>The shards' indexes are memory-mapped and each record is read with one positional read, so
 * the Java heap holds nothing per record whatever the stream's size (the operating system's page
 * cache keeps what is read often). Reads are thread-safe: batches are assembled ahead on
 * background threads. Every record's checksums are verified as it is read; a damaged record is an
 * {@link IOException} naming the shard and the record.
 */
final class ShardedRecords implements Closeable {
  private final String stream;
  private final List<Shard> shards;
  private final List<FileChannel> channels = new ArrayList<>();
  private final List<LongBuffer> offsets = new ArrayList<>();
  /** starts[s]: the stream index of shard s's first record; starts[shards] = size. */
  private final long[] starts;

  private ShardedRecords(String stream, List<Shard> shards) {
    this.stream = stream;
    this.shards = List.copyOf(shards);
    this.starts = new long[shards.size() + 1];
    for (int s = 0; s < shards.size(); s++) {
      starts[s + 1] = starts[s] + shards.get(s).records();
    }
  }

  /**
   * Opens the shards of {@code stream} in {@code dir}, checking that each file and its index have
   * the sizes the manifest recorded (a truncated copy is refused here, not at step 12,000).
   */
  static ShardedRecords open(Path dir, String stream, List<Shard> shards) throws IOException {
    ShardedRecords records = new ShardedRecords(stream, shards);
    try {
      for (Shard shard : shards) {
        Path file = dir.resolve(shard.file());
        Path index = dir.resolve(shard.indexFile());
        for (Path p : List.of(file, index)) {
          if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p.toString(), null, "missing from the prepared directory (prepared.json lists it)");
          }
        }
        if (Files.size(file) != shard.bytes()) {
          throw new IOException(file + ": " + Files.size(file) + " bytes, but prepared.json records " + shard.bytes() + " (a truncated or changed copy)");
        }
        if (Files.size(index) != shard.records() * Long.BYTES) {
          throw new IOException(index + ": " + Files.size(index) + " bytes, but " + shard.records() + " records need " + shard.records() * Long.BYTES);
        }
        records.channels.add(FileChannel.open(file, StandardOpenOption.READ));
        try (FileChannel indexChannel = FileChannel.open(index, StandardOpenOption.READ)) {
          records.offsets.add(
              indexChannel.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(index)).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer());
        }
      }
    } catch (IOException | RuntimeException e) {
      records.close();
      throw e;
    }
    return records;
  }

  /** Records in the stream. */
  long size() {
    return starts[starts.length - 1];
  }

  /** Record {@code index} of the stream. */
  byte[] read(long index) throws IOException {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(stream + ": record " + index + " of " + size());
    }
    int s = Arrays.binarySearch(starts, index);
    // An exact hit is a shard's first record (skip empty shards); otherwise the insertion point's predecessor.
    s = s >= 0 ? s : -s - 2;
    while (shards.get(s).records() == 0 || index >= starts[s + 1]) {
      s++;
    }
    long local = index - starts[s];
    long offset = offsets.get(s).get((int) local);
    FileChannel channel = channels.get(s);
    String where = shards.get(s).file() + " record " + local;
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, header, offset, where);
    long length = header.getLong(0);
    if (header.getInt(8) != TfRecords.maskedCrc(header.array(), 0, 8) || length < 0 || length > Integer.MAX_VALUE) {
      throw new IOException(where + ": corrupt record header");
    }
    ByteBuffer body = ByteBuffer.allocate((int) length + 4).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, body, offset + 12, where);
    byte[] data = Arrays.copyOf(body.array(), (int) length);
    if (body.getInt((int) length) != TfRecords.maskedCrc(data, 0, data.length)) {
      throw new IOException(where + ": corrupt record (data checksum mismatch)");
    }
    return data;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String where) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException(where + ": truncated record");
      }
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    channels.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
