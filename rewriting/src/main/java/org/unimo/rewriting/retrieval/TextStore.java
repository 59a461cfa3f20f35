package org.unimo.rewriting.retrieval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only list of strings kept as UTF-8 in pages of up to 16 MiB: about a third of the heap of a
 * {@code List<String>} of short captions, and no per-entry objects for the garbage collector.
 * Reads are thread-safe once appending is over.
 */
final class TextStore {
  private static final int PAGE_BITS = 24;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;

  private final List<byte[]> pages = new ArrayList<>();
  /** Where entry i starts: {@code page << PAGE_BITS | offset}. */
  private long[] starts = new long[1024];
  private int[] lengths = new int[1024];
  private int size;
  private byte[] page = new byte[0];
  private int used;

  /** Appends {@code text} and returns its index. */
  int add(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > PAGE_SIZE) {
      throw new IllegalArgumentException(
          "a text of " + bytes.length + " UTF-8 bytes exceeds the page size " + PAGE_SIZE);
    }
    if (pages.isEmpty() || used + bytes.length > page.length) {
      // Pages double from 4 KiB so that a small corpus stays small.
      page = new byte[Math.min(PAGE_SIZE, Math.max(bytes.length, Math.max(4096, page.length * 2)))];
      pages.add(page);
      used = 0;
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      lengths = Arrays.copyOf(lengths, size * 2);
    }
    starts[size] = (long) (pages.size() - 1) << PAGE_BITS | used;
    lengths[size] = bytes.length;
    System.arraycopy(bytes, 0, page, used, bytes.length);
    used += bytes.length;
    return size++;
  }

  /** The text of entry {@code index}. */
  String get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("entry " + index + " of " + size);
    }
    long start = starts[index];
    byte[] source = pages.get((int) (start >>> PAGE_BITS));
    return new String(source, (int) (start & (PAGE_SIZE - 1)), lengths[index], StandardCharsets.UTF_8);
  }

  int size() {
    return size;
  }
}
