package org.unimo.tasks.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as the kernel counts it ({@code /proc/self/status} on Linux):
 * the Java heap, TensorFlow's buffers and the memory-mapped indexes together, which is what an
 * out-of-memory killer looks at. -1 where there is no {@code /proc}.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Resident memory now, in MiB. */
  public static long residentMib() {
    return field("VmRSS:");
  }

  /** The peak of resident memory so far, in MiB. */
  public static long peakMib() {
    return field("VmHWM:");
  }

  /** The machine's available memory ({@code MemAvailable} of /proc/meminfo), if known. */
  public static java.util.OptionalLong availableBytes() {
    long kib = field(Path.of("/proc/meminfo"), "MemAvailable:");
    return kib < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(kib << 10);
  }

  private static long field(String name) {
    long kib = field(Path.of("/proc/self/status"), name);
    return kib < 0 ? -1 : kib >> 10;
  }

  /** A {@code NAME: value kB} line's value in KiB, or -1. */
  private static long field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return -1;
    }
    return -1;
  }
}
