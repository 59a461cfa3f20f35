package org.unimo.tasks.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLineTest {
  @Test
  void writesFlatJsonInInsertionOrder() {
    String line =
        new JsonLine()
            .put("step", 3)
            .put("mlm", 1.25f)
            .put("total", Double.NaN)
            .put("note", "a \"quoted\"\nline")
            .toString();
    assertThat(line).isEqualTo("{\"step\":3,\"mlm\":1.25,\"total\":\"NaN\",\"note\":\"a \\\"quoted\\\"\\nline\"}");
  }

  @Test
  void floatsPrintTheirShortestForm() {
    assertThat(new JsonLine().put("lr", 0.001f).toString()).isEqualTo("{\"lr\":0.001}");
  }
}
