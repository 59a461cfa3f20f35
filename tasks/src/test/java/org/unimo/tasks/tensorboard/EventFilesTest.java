package org.unimo.tasks.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

class EventFilesTest {
  @Test
  void scalarsReadBackAsEventRecords(@TempDir Path dir) throws Exception {
    Path file;
    try (EventFiles.Writer events = EventFiles.create(dir)) {
      Map<String, Float> step1 = new LinkedHashMap<>();
      step1.put("loss/total", 2.5f);
      step1.put("learning_rate", 1e-3f);
      events.scalars(1, step1);
      events.scalars(2, Map.of("loss/total", 2.0f));
      file = events.file();
    }
    assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
    List<Event> events = EventFiles.read(file);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.get(1).getStep()).isEqualTo(1);
    assertThat(events.get(1).getSummary().getValueList())
        .extracting(v -> v.getTag() + "=" + v.getSimpleValue())
        .containsExactly("loss/total=2.5", "learning_rate=0.001");
    assertThat(events.get(2).getSummary().getValue(0).getSimpleValue()).isEqualTo(2.0f);
  }

  @Test
  void theMaskedCrcMatchesTensorFlowsForAKnownInput() {
    // CRC32C("123456789") = 0xE3069283 (RFC 3720); masked: rotate right 15, add 0xa282ead8.
    int crc = 0xE3069283;
    int expected = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    byte[] bytes = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(TfRecords.maskedCrc(bytes, 0, bytes.length)).isEqualTo(expected);
  }

  @Test
  void aCorruptOrTruncatedFileIsReportedWithItsName(@TempDir Path dir) throws Exception {
    Path file;
    try (EventFiles.Writer events = EventFiles.create(dir)) {
      events.scalars(1, Map.of("x", 1f));
      file = events.file();
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] flipped = bytes.clone();
    flipped[flipped.length - 6] ^= 1;
    Files.write(file, flipped);
    assertThatThrownBy(() -> EventFiles.read(file)).hasMessageContaining(file.toString()).hasMessageContaining("checksum");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> EventFiles.read(file)).hasMessageContaining("truncated");
  }
}
