package org.unimo.tasks.formats;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.ImageRegions;

/**
 * The region features of chosen images in {@linkplain RegionFeatureTsv bottom-up-attention TSV}
 * files, read by byte offset when asked for instead of held in memory: {@link #open} reads every
 * row once, checking it exactly as {@link RegionFeatureTsv.Reader} does, and remembers where the
 * row of each wanted image is; {@link #read} reads that line again with a positional read and
 * parses it.
 *
 * <pre>{@code
 * Set<String> wanted = ...; // the images the examples name
 * try (RegionFeatureIndex features = RegionFeatureIndex.open(Globs.expand("features/*.tsv"), wanted, BadRows.fail())) {
 *   if (!features.contains("57")) { ... } // no row of the files has it
 *   ImageRegions image = features.read("57"); // one read of one line, from any thread
 * }
 * }</pre>
 *
 * <p><b>Memory.</b> Per indexed image the index holds the id and where its row is (which file,
 * byte offset, byte length, line number): about 110 bytes with a 6-digit id (a 40-byte entry, a
 * 32-byte hash map node and its table slot, the id's string), about 135 with a COCO file name as
 * id (measured on a 64-bit JVM with compressed pointers; heaps over 32 GB take more). 123k VQA v2
 * images take 14 to 17 MB, where their 36 regions of 2048 floats take 36 GB.
 * {@link #read} allocates the line's bytes, its text, the decoded columns and the arrays, a few
 * times the size of the image's floats, for as long as the call lasts.
 *
 * <p><b>Gzip.</b> A compressed file cannot be read at an offset, so the wanted rows of a {@code
 * .gz} file are parsed while indexing and kept in memory whole: 4 n (D + 5) bytes per image of n
 * regions (296 KB for 36 regions of 2048 floats), as many as there are wanted images in the file.
 * For large feature sets, {@code gunzip} the files first: it costs the disk space that a temporary
 * decompressed copy made here would, once instead of on every run.
 *
 * <p><b>Duplicates.</b> A wanted image with a second row, in the same file or another, is an error
 * naming both lines, whatever the {@link BadRows} policy (which of two rows is meant is not a fault
 * of either row); {@link org.unimo.tasks.prepared.Preparer} refuses two rows of a captioned image
 * too. Rows of images that are not wanted are checked but not remembered, so their duplicates go
 * unnoticed.
 *
 * <p>Every file must have the same D, as one model reads them all. A malformed row stops {@link
 * #open} or is skipped and counted, as the {@link BadRows} policy says; a skipped row's image is
 * then not in the index.
 *
 * <p>Thread-safe: {@link #read} shares no stream position (it reads with {@link
 * FileChannel#read(ByteBuffer, long)}), and one file channel per file serves every thread. An
 * interrupt during a read closes a file channel for every thread (as NIO channels do); the
 * interrupted read throws {@link ClosedByInterruptException} and the next read opens the file
 * again. The files must not change while the index is open: a line that no longer holds its
 * image's valid row is reported as changed, but a rewrite that keeps each row's image, length and
 * validity goes unnoticed.
 */
public final class RegionFeatureIndex implements Closeable {
  /** How many times a read tries again when another thread's interrupt closed the channel under it. */
  private static final int ATTEMPTS = 3;

  private final List<Path> files;
  /** One channel per uncompressed file, null for a gzip file; reopened after an interrupt. */
  private final AtomicReferenceArray<@Nullable FileChannel> channels;
  private final Map<String, Entry> entries;
  private final int featureSize;
  private volatile boolean closed;

  /** What the index knows of an image's row. */
  private sealed interface Entry permits Located, Loaded {
    String where(List<Path> files);
  }

  /** A row of an uncompressed file: {@code length} bytes at {@code offset}, line {@code line}. */
  private record Located(int file, long offset, int length, long line) implements Entry {
    @Override
    public String where(List<Path> files) {
      return files.get(file) + ":" + line;
    }
  }

  /** A row of a gzip file, parsed. */
  private record Loaded(ImageRegions regions, String where) implements Entry {
    @Override
    public String where(List<Path> files) {
      return where;
    }
  }

  private RegionFeatureIndex(
      List<Path> files, AtomicReferenceArray<@Nullable FileChannel> channels, Map<String, Entry> entries, int featureSize) {
    this.files = files;
    this.channels = channels;
    this.entries = entries;
    this.featureSize = featureSize;
  }

  /**
   * Reads {@code files} once, checking every row, and indexes the rows of the images in {@code
   * wanted}; keeps the uncompressed files open until {@link #close}.
   *
   * @param files bottom-up-attention TSV files ({@code .gz} for gzip), all with the same D
   * @param wanted the image ids to index; other rows are checked and forgotten
   * @param bad what to do with a malformed row
   * @throws DataFileException naming the file and line of a malformed row (unless skipped), of a
   *     wanted image's second row (naming the first), or of the first row of a file whose D is not
   *     the files' before it
   * @throws java.nio.file.NoSuchFileException if a file does not exist
   * @throws IllegalArgumentException if {@code files} is empty
   */
  public static RegionFeatureIndex open(List<Path> files, Set<String> wanted, BadRows bad) throws IOException {
    requireNonNull(wanted, "wanted");
    requireNonNull(bad, "bad");
    List<Path> paths = List.copyOf(files);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no region feature files to index");
    }
    AtomicReferenceArray<@Nullable FileChannel> channels = new AtomicReferenceArray<>(paths.size());
    Map<String, Entry> entries = new HashMap<>();
    int featureSize = 0;
    @Nullable Path featureSizeFile = null;
    try {
      for (int i = 0; i < paths.size(); i++) {
        Path file = paths.get(i);
        boolean gzip = LineReader.isGzip(file);
        if (!gzip) {
          // Open from before the scan until close(): a file renamed over this one later does not
          // change what read() sees.
          channels.set(i, FileChannel.open(file, StandardOpenOption.READ));
        }
        try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, 0, bad)) {
          boolean featureSizeChecked = false;
          while (rows.hasNext()) {
            RegionFeatureTsv.Row row = rows.next();
            LineReader line = rows.lines; // still on the row's line: next() reads no further
            if (!featureSizeChecked && rows.featureSize() > 0) {
              featureSizeChecked = true;
              if (featureSize == 0) {
                featureSize = rows.featureSize();
                featureSizeFile = file;
              } else if (rows.featureSize() != featureSize) {
                throw DataFileException.atLine(
                    file,
                    line.number(),
                    rows.featureSize() + "-d features, but " + featureSizeFile + " has " + featureSize
                        + "-d: every file of the index must have the same feature size");
              }
            }
            if (!wanted.contains(row.imageId())) {
              continue;
            }
            Entry entry =
                gzip
                    ? new Loaded(new ImageRegions(row.features(), row.normalizedBoxes()), row.where())
                    : new Located(i, line.offset(), line.length(), line.number());
            Entry first = entries.putIfAbsent(row.imageId(), entry);
            if (first != null) {
              throw DataFileException.atLine(
                  file,
                  line.number(),
                  "image " + row.imageId() + " has a second row of region features; the first is at " + first.where(paths));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      try {
        closeAll(channels);
      } catch (IOException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
    return new RegionFeatureIndex(paths, channels, entries, featureSize);
  }

  /** Whether image {@code imageId} is in the index: wanted, and with a (good) row in the files. */
  public boolean contains(String imageId) {
    return entries.containsKey(imageId);
  }

  /** The number of images in the index. */
  public int size() {
    return entries.size();
  }

  /** D, the floats per region of every file; 0 when no row of the files has a region. */
  public int featureSize() {
    return featureSize;
  }

  /** The files, in the order given to {@link #open}. */
  public List<Path> files() {
    return files;
  }

  /**
   * The regions of image {@code imageId}: its features and {@linkplain
   * RegionFeatureTsv.Row#normalizedBoxes() normalized boxes}, bit for bit what {@link
   * RegionFeatureTsv.Reader} gives for its row. Read from the file on every call (fresh arrays),
   * except for a gzip file's rows, which are held and returned each time: treat the arrays as
   * read-only. Thread-safe.
   *
   * @throws IllegalArgumentException naming the id if it is not in the index (see {@link #contains})
   * @throws IllegalStateException after (or during) {@link #close}
   * @throws DataFileException naming the file and line if the row's bytes are no longer the row
   *     that was indexed: the file changed
   * @throws ClosedByInterruptException if the thread was interrupted during the read
   */
  public ImageRegions read(String imageId) throws IOException {
    requireNonNull(imageId, "imageId");
    if (closed) {
      throw new IllegalStateException("the region feature index of " + describeFiles() + " is closed");
    }
    Entry entry = entries.get(imageId);
    if (entry == null) {
      throw new IllegalArgumentException(
          "image " + imageId + " is not in the region feature index of " + describeFiles()
              + ": it was not wanted, or no good row of the files has it");
    }
    if (entry instanceof Loaded loaded) {
      return loaded.regions();
    }
    Located at = (Located) entry;
    Path file = files.get(at.file());
    ByteBuffer bytes = ByteBuffer.allocate(at.length());
    readFully(at, bytes);
    String line;
    try {
      line = Utf8.strictDecoder().decode(bytes.flip()).toString();
    } catch (CharacterCodingException e) {
      throw changed(at, "not UTF-8 text any more");
    }
    RegionFeatureTsv.Row row;
    try {
      row = new RegionFeatureTsv.RowParser(file, featureSize).parse(line, at.line());
    } catch (DataFileException e) {
      throw changed(at, e.problem());
    }
    if (!row.imageId().equals(imageId)) {
      throw changed(at, "the row of image " + row.imageId() + ", not " + imageId);
    }
    return new ImageRegions(row.features(), row.normalizedBoxes());
  }

  private void readFully(Located at, ByteBuffer bytes) throws IOException {
    for (int attempt = 1; ; attempt++) {
      FileChannel channel = channel(at.file());
      try {
        while (bytes.hasRemaining()) {
          if (channel.read(bytes, at.offset() + bytes.position()) < 0) {
            throw changed(at, "the file ends before the row's " + at.length() + " bytes at byte " + at.offset());
          }
        }
        return;
      } catch (ClosedByInterruptException e) {
        throw e; // this thread was interrupted: its read ends here; the next one reopens the file
      } catch (ClosedChannelException e) {
        // Another thread's interrupt (or close()) closed the shared channel during this read.
        if (closed) {
          throw new IllegalStateException("the region feature index of " + describeFiles() + " was closed during a read", e);
        }
        if (attempt == ATTEMPTS) {
          throw e;
        }
        bytes.clear();
      }
    }
  }

  /** The open channel of file {@code index}, opening it again if an interrupt closed it. */
  private FileChannel channel(int index) throws IOException {
    FileChannel channel = requireNonNull(channels.get(index));
    if (channel.isOpen()) {
      return channel;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the region feature index of " + describeFiles() + " is closed");
      }
      channel = requireNonNull(channels.get(index));
      if (!channel.isOpen()) {
        channel = FileChannel.open(files.get(index), StandardOpenOption.READ);
        channels.set(index, channel);
      }
      return channel;
    }
  }

  private DataFileException changed(Located at, String problem) {
    return DataFileException.atLine(
        files.get(at.file()), at.line(), "changed since it was indexed (" + problem + "); index the files again");
  }

  private String describeFiles() {
    return files.size() == 1 ? files.get(0).toString() : files.get(0) + " and " + (files.size() - 1) + " more files";
  }

  /** Closes the files; {@link #read} then throws. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    closeAll(channels);
  }

  private static void closeAll(AtomicReferenceArray<@Nullable FileChannel> channels) throws IOException {
    IOException failure = null;
    for (int i = 0; i < channels.length(); i++) {
      FileChannel channel = channels.get(i);
      if (channel == null) {
        continue;
      }
      try {
        channel.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "RegionFeatureIndex[" + describeFiles() + ", " + entries.size() + " images, D = " + featureSize + "]";
  }
}
