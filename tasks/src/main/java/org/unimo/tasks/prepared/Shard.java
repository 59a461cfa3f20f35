package org.unimo.tasks.prepared;

/**
 * One file of a prepared stream: {@code file} holds {@code records} TFRecords ({@code bytes} in
 * all), and {@code file}'s {@link #indexFile() index} their offsets.
 *
 * @param sha256 of the TFRecord file, computed while it was written: a run records it instead of
 *     hashing the data again
 */
public record Shard(String file, long records, long bytes, String sha256) {
  /** The index file's name: {@code pairs-00000.tfrecord} has {@code pairs-00000.index}. */
  public String indexFile() {
    return indexFile(file);
  }

  static String indexFile(String file) {
    return (file.endsWith(".tfrecord") ? file.substring(0, file.length() - ".tfrecord".length()) : file) + ".index";
  }
}
