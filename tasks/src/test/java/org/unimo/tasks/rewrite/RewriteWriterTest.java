package org.unimo.tasks.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.unimo.rewriting.pipeline.RewrittenCaption;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.tasks.tensorboard.TfRecords;

class RewriteWriterTest {
  @TempDir Path dir;

  private static final RewrittenCaption RIDER =
      new RewrittenCaption(
          0,
          new Caption("57", "a man rides a \"brown\" horse"),
          List.of(
              new Sample(SampleKind.PARAPHRASE, "a man rides a brown equine", "wordnet: horse -> equine"),
              new Sample(SampleKind.IMAGE, "12", "image 12"),
              new Sample(SampleKind.TFIDF, "a woman rides a horse", "caption 3"),
              new Sample(SampleKind.OBJECT, "a man rides a brown cow", "horse -> cow"),
              new Sample(SampleKind.OBJECT, "a woman rides a brown horse", "man -> woman")));
  private static final RewrittenCaption EMPTY = new RewrittenCaption(1, new Caption("58", "the sky"), List.of());

  private static List<Example> examples(Path file) throws Exception {
    List<Example> examples = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      byte[] record;
      while ((record = TfRecords.read(in, file.toString())) != null) {
        examples.add(Example.parseFrom(record));
      }
    }
    return examples;
  }

  private static List<String> strings(Feature feature) {
    return feature.getBytesList().getValueList().stream().map(b -> b.toStringUtf8()).toList();
  }

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneJsonLineAndOneExamplePerCaption() throws Exception {
    Path jsonl = dir.resolve("out.jsonl");
    Path tfrecord = dir.resolve("out.tfrecord");
    try (RewriteWriter writer = new RewriteWriter(jsonl, tfrecord)) {
      writer.write(RIDER);
      writer.write(EMPTY);
      assertThat(writer.written()).isEqualTo(2);
      assertThat(writer.counts())
          .containsExactly(
              Map.entry(SampleKind.PARAPHRASE, 1L),
              Map.entry(SampleKind.IMAGE, 1L),
              Map.entry(SampleKind.TFIDF, 1L),
              Map.entry(SampleKind.OBJECT, 2L));
      assertThat(jsonl).doesNotExist();
      writer.commit();
    }

    assertThat(Files.readAllLines(jsonl))
        .containsExactly(
            "{\"index\":0,\"image_id\":\"57\",\"caption\":\"a man rides a \\\"brown\\\" horse\","
                + "\"positives\":[{\"kind\":\"paraphrase\",\"text\":\"a man rides a brown equine\",\"source\":\"wordnet: horse -> equine\"},"
                + "{\"kind\":\"image\",\"image_id\":\"12\",\"source\":\"image 12\"}],"
                + "\"negatives\":[{\"kind\":\"tfidf\",\"text\":\"a woman rides a horse\",\"source\":\"caption 3\"},"
                + "{\"kind\":\"object\",\"text\":\"a man rides a brown cow\",\"source\":\"horse -> cow\"},"
                + "{\"kind\":\"object\",\"text\":\"a woman rides a brown horse\",\"source\":\"man -> woman\"}]}",
            "{\"index\":1,\"image_id\":\"58\",\"caption\":\"the sky\",\"positives\":[],\"negatives\":[]}");

    List<Example> examples = examples(tfrecord);
    assertThat(examples).hasSize(2);
    Map<String, Feature> rider = examples.get(0).getFeatures().getFeatureMap();
    assertThat(rider.get("index").getInt64List().getValueList()).containsExactly(0L);
    assertThat(strings(rider.get("image_id"))).containsExactly("57");
    assertThat(strings(rider.get("caption"))).containsExactly("a man rides a \"brown\" horse");
    assertThat(strings(rider.get("object"))).containsExactly("a man rides a brown cow", "a woman rides a brown horse");
    assertThat(strings(rider.get("object_source"))).containsExactly("horse -> cow", "man -> woman");
    assertThat(strings(rider.get("image"))).containsExactly("12");
    assertThat(strings(rider.get("backtranslation"))).isEmpty();
    // index, image_id, caption, and two lists for each of the eight kinds: a fixed schema.
    assertThat(rider).hasSize(3 + 2 * SampleKind.values().length);
    assertThat(examples.get(1).getFeatures().getFeatureMap().keySet()).isEqualTo(rider.keySet());
    assertThat(names()).containsExactly("out.jsonl", "out.tfrecord");
  }

  @Test
  void closingWithoutCommitLeavesNothingAndKeepsOldOutputs() throws Exception {
    Path jsonl = dir.resolve("out.jsonl");
    Files.writeString(jsonl, "old\n");
    try (RewriteWriter writer = new RewriteWriter(jsonl, dir.resolve("out.tfrecord"))) {
      writer.write(RIDER);
      assertThat(names()).hasSize(3); // the old output and two temporary files
    }
    assertThat(names()).containsExactly("out.jsonl");
    assertThat(Files.readString(jsonl)).isEqualTo("old\n");
  }

  @Test
  void commitReplacesOldOutputsAndEndsWriting() throws Exception {
    Path jsonl = dir.resolve("out.jsonl");
    Files.writeString(jsonl, "old\n");
    RewriteWriter writer = new RewriteWriter(jsonl, null);
    writer.write(EMPTY);
    writer.commit();
    writer.close();
    assertThat(Files.readAllLines(jsonl)).hasSize(1).allMatch(l -> l.startsWith("{\"index\":1,"));
    assertThatThrownBy(() -> writer.write(RIDER)).isInstanceOf(IllegalStateException.class);
    assertThat(names()).containsExactly("out.jsonl");
  }
}
