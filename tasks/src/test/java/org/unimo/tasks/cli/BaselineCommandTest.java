package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unimo.tasks.cli.MainTest.unimo;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;

/** unimo baseline on a config's task: scored with the head's metrics; bad arguments exit 2. */
class BaselineCommandTest {
  private static Path config(Path dir) throws Exception {
    StringBuilder train = new StringBuilder("sentence\tlabel\n");
    StringBuilder dev = new StringBuilder("sentence\tlabel\n");
    String[] good = {"good", "fine", "great"};
    String[] bad = {"bad", "poor", "awful"};
    // Training: 12 positive, 6 negative; validation: 3 of each.
    for (int i = 0; i < 18; i++) {
      boolean positive = i < 12;
      train.append("a ").append((positive ? good : bad)[i % 3]).append(" film\t").append(positive ? 1 : 0).append('\n');
    }
    for (int i = 0; i < 6; i++) {
      boolean positive = i < 3;
      dev.append("the ").append((positive ? good : bad)[i % 3]).append(" film\t").append(positive ? 1 : 0).append('\n');
    }
    Files.writeString(dir.resolve("train.tsv"), train);
    Files.writeString(dir.resolve("dev.tsv"), dev);
    ModelSpec spec =
        ModelSpec.builder("sentiment")
            .text(t -> t.byteBpe(300).maxLength(16))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
            .sequenceClassification("sentiment", h -> h.classes(2).labels("sst2"))
            .taskData(d -> d.name("sst2").format(TaskDataSpec.Format.GLUE_SST2)
                .train(dir.resolve("train.tsv").toString()).validation(dir.resolve("dev.tsv").toString()))
            .build();
    return Files.writeString(dir.resolve("sentiment.textproto"), spec.toTextProto());
  }

  @Test
  void scoresMajorityAndBagOfWordsOnTheValidationSet(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    MainTest.Run majority = unimo("baseline", "--config", config.toString(), "--method", "majority");
    assertThat(majority.status()).as(majority.err()).isZero();
    JsonObject m = JsonParser.parseString(majority.out().strip()).getAsJsonObject();
    // Always "positive" (12 of 18 in training): half the validation set, no correlation.
    assertThat(m.get("accuracy").getAsDouble()).isEqualTo(0.5);
    assertThat(m.get("mcc").getAsDouble()).isZero();
    assertThat(m.get("split").getAsString()).isEqualTo("validation");
    MainTest.Run words = unimo("baseline", "--config", config.toString(), "--method", "logistic-regression");
    assertThat(words.status()).as(words.err()).isZero();
    assertThat(JsonParser.parseString(words.out().strip()).getAsJsonObject().get("accuracy").getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void badArgumentsExit2(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    MainTest.Run method = unimo("baseline", "--config", config.toString(), "--method", "oracle");
    assertThat(method.status()).isEqualTo(2);
    assertThat(method.err()).contains("--method: expected majority, naive-bayes, logistic-regression, ridge, got 'oracle'");
    MainTest.Run ridge = unimo("baseline", "--config", config.toString(), "--method", "ridge");
    assertThat(ridge.status()).isEqualTo(2);
    assertThat(ridge.err()).contains("ridge is for a scored task");
    MainTest.Run test = unimo("baseline", "--config", config.toString(), "--method", "majority", "--split", "test");
    assertThat(test.status()).isEqualTo(2);
    assertThat(test.err()).contains("has no test examples");
  }
}
