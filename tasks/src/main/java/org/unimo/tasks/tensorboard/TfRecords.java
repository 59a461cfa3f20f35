package org.unimo.tasks.tensorboard;

import com.google.common.hash.Hashing;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TFRecord framing: {@code uint64 length, uint32 masked_crc32c(length), data, uint32
 * masked_crc32c(data)}, little-endian, as TensorFlow's record writer produces.
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  public static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    out.write(header.array());
    out.write(data);
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(data, 0, data.length));
    out.write(footer.array());
  }

  /**
   * The next record, or null at a clean end of input.
   *
   * @throws IOException when the input ends inside a record or a checksum does not match
   */
  public static byte[] read(InputStream in, String source) throws IOException {
    byte[] header = new byte[12];
    int first = in.read(header, 0, 1);
    if (first < 0) {
      return null;
    }
    DataInputStream data = new DataInputStream(in);
    try {
      data.readFully(header, 1, 11);
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long length = h.getLong();
      if (h.getInt() != maskedCrc(header, 0, 8)) {
        throw new IOException(source + ": corrupt record header (length checksum mismatch)");
      }
      if (length < 0 || length > Integer.MAX_VALUE) {
        throw new IOException(source + ": record length " + length + " out of range");
      }
      byte[] record = new byte[(int) length];
      data.readFully(record);
      byte[] footer = new byte[4];
      data.readFully(footer);
      if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt() != maskedCrc(record, 0, record.length)) {
        throw new IOException(source + ": corrupt record (data checksum mismatch)");
      }
      return record;
    } catch (EOFException e) {
      throw new IOException(source + ": truncated record", e);
    }
  }

  /** CRC32C, rotated and offset as TFRecord stores it. */
  public static int maskedCrc(byte[] bytes, int offset, int length) {
    // Guava's HashCode.asInt() reads the CRC's little-endian bytes: the CRC value itself.
    int crc = Hashing.crc32c().hashBytes(bytes, offset, length).asInt();
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
