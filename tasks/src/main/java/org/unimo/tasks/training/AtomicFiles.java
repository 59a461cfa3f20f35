package org.unimo.tasks.training;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: a temporary sibling, synced, then renamed over the target, so
 * a crash or an error never leaves a truncated file under the target's name.
 *
 * <pre>{@code
 * try (AtomicFiles.Pending file = AtomicFiles.begin(Path.of("features.tsv"))) {
 *   file.stream().write(bytes);
 *   file.commit();             // without this, close() deletes the temporary file
 * }
 * }</pre>
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code file} with {@code text} (UTF-8) atomically. */
  public static void writeString(Path file, String text) throws IOException {
    try (Pending pending = begin(file)) {
      pending.stream().write(text.getBytes(StandardCharsets.UTF_8));
      pending.commit();
    }
  }

  /**
   * Starts writing {@code file}: its contents go to a new temporary file in the same directory
   * until {@link Pending#commit}. The name is unique to this process and moment, and the file is
   * created with the umask's permissions: {@code Files.createTempFile} would make it 0600, and the
   * renamed file would then be unreadable to everyone else.
   */
  public static Pending begin(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path temp =
        target.resolveSibling(
            "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    return new Pending(target, temp);
  }

  /**
   * A file being written: {@link #commit} puts it in place, {@link #close} without a commit throws
   * it away. Not thread-safe.
   */
  public static final class Pending implements Closeable {
    private final Path target;
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private Pending(Path target, Path temp) throws IOException {
      this.target = target;
      this.temp = temp;
      this.stream =
          new BufferedOutputStream(
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
    }

    /** Where the contents go until the commit; closing it is {@link #commit}'s job. */
    public OutputStream stream() {
      return stream;
    }

    /**
     * Closes the stream, syncs the temporary file (the rename must not become durable before the
     * contents) and renames it over the target.
     */
    public void commit() throws IOException {
      if (closed) {
        throw new IllegalStateException(target + " is already " + (committed ? "committed" : "closed"));
      }
      closed = true;
      try {
        stream.close();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          // Same directory, so only unusual file systems get here; a plain replace is their best.
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
      } finally {
        Files.deleteIfExists(temp);
      }
    }

    /** Deletes the temporary file unless committed; the target is then left as it was. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        stream.close();
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }
}
