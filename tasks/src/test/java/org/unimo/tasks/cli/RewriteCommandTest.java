package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.unimo.rewriting.paraphrase.ApertiumTranslator;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.scene.CaptionParser;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.tasks.tensorboard.TfRecords;

class RewriteCommandTest {
  private static final String RIDER = "a man in a red shirt rides a brown horse on the beach";
  private static final List<String> CAPTIONS =
      List.of(
          RIDER,
          "a woman in a blue dress walks a white dog on the grass",
          "two dogs playing with a frisbee in a grassy park",
          "a man rides a black bike on the street",
          "a small cat sleeps on a wooden chair",
          "a plate of food with broccoli and rice on a wooden table",
          "a red bus parked near a tall building",
          "a girl holding an umbrella next to a yellow car",
          "a brown bear standing in the green grass",
          "a young boy riding a skateboard down the road",
          "an old man sitting on a bench in the park");

  private static Path jsonl(Path dir) throws Exception {
    Path file = dir.resolve("captions.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < CAPTIONS.size(); i++) {
      lines.add("{\"image_id\": " + (100 + i) + ", \"caption\": \"" + CAPTIONS.get(i) + "\"}");
    }
    Files.write(file, lines);
    return file;
  }

  private static List<JsonObject> records(Path file) throws Exception {
    List<JsonObject> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      records.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return records;
  }

  @Test
  void ordinaryCaptionsGetOneElementRewritesAndParaphrases(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Path tfrecord = dir.resolve("out.tfrecord");
    MainTest.Run run =
        MainTest.unimo("rewrite", "--captions", jsonl(dir).toString(), "--out", out.toString(), "--tfrecord", tfrecord.toString(), "--no-progress");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("rewrote 11 captions in").contains("captions/s").contains("object");

    List<JsonObject> records = records(out);
    assertThat(records).hasSize(CAPTIONS.size());
    JsonObject rider = records.get(0);
    assertThat(rider.get("image_id").getAsString()).isEqualTo("100");
    assertThat(rider.get("caption").getAsString()).isEqualTo(RIDER);
    Set<String> negativeKinds = new HashSet<>();
    CaptionParser parser = CaptionParser.create();
    SceneGraph original = parser.parse(RIDER).graph();
    for (JsonElement e : rider.getAsJsonArray("negatives")) {
      JsonObject negative = e.getAsJsonObject();
      String kind = negative.get("kind").getAsString();
      negativeKinds.add(kind);
      if (List.of("object", "attribute", "relation").contains(kind)) {
        SceneGraph rewritten = parser.parse(negative.get("text").getAsString()).graph();
        assertThat(differences(original, rewritten)).as(negative.toString()).isEqualTo(1);
      }
    }
    assertThat(negativeKinds).contains("object", "attribute", "relation", "tfidf");
    JsonArray positives = rider.getAsJsonArray("positives");
    assertThat(positives).isNotEmpty();
    assertThat(positives.get(0).getAsJsonObject().get("kind").getAsString()).isEqualTo("paraphrase");

    List<Example> examples = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tfrecord))) {
      byte[] record;
      while ((record = TfRecords.read(in, tfrecord.toString())) != null) {
        examples.add(Example.parseFrom(record));
      }
    }
    assertThat(examples).hasSize(CAPTIONS.size());
    for (int i = 0; i < examples.size(); i++) {
      assertThat(asJsonRecord(examples.get(i))).as("record %d", i).isEqualTo(records.get(i));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** An Example rebuilt as the JSON line it must match: same samples, same order. */
  private static JsonObject asJsonRecord(Example example) {
    Map<String, Feature> features = example.getFeatures().getFeatureMap();
    JsonObject record = new JsonObject();
    record.addProperty("index", features.get("index").getInt64List().getValue(0));
    record.addProperty("image_id", features.get("image_id").getBytesList().getValue(0).toStringUtf8());
    record.addProperty("caption", features.get("caption").getBytesList().getValue(0).toStringUtf8());
    JsonArray positives = new JsonArray();
    JsonArray negatives = new JsonArray();
    for (SampleKind kind : SampleKind.values()) {
      List<ByteString> values = features.get(kind.label()).getBytesList().getValueList();
      List<ByteString> sources = features.get(kind.label() + "_source").getBytesList().getValueList();
      assertThat(sources).hasSameSizeAs(values);
      for (int i = 0; i < values.size(); i++) {
        JsonObject sample = new JsonObject();
        sample.addProperty("kind", kind.label());
        sample.addProperty(kind.isImage() ? "image_id" : "text", values.get(i).toStringUtf8());
        sample.addProperty("source", sources.get(i).toStringUtf8());
        (kind.isPositive() ? positives : negatives).add(sample);
      }
    }
    record.add("positives", positives);
    record.add("negatives", negatives);
    return record;
  }

  /** Objects and relations that differ, counted by position; 1 for a one-element rewrite. */
  private static int differences(SceneGraph a, SceneGraph b) {
    if (a.objects().size() != b.objects().size() || a.relations().size() != b.relations().size()) {
      return Integer.MAX_VALUE;
    }
    int n = 0;
    for (int i = 0; i < a.objects().size(); i++) {
      var x = a.objects().get(i);
      var y = b.objects().get(i);
      n += x.noun().equals(y.noun()) ? 0 : 1;
      for (int k = 0; k < Math.max(x.attributes().size(), y.attributes().size()); k++) {
        boolean same = k < x.attributes().size() && k < y.attributes().size() && x.attributes().get(k).equals(y.attributes().get(k));
        n += same ? 0 : 1;
      }
    }
    for (int i = 0; i < a.relations().size(); i++) {
      n += a.relations().get(i).equals(b.relations().get(i)) ? 0 : 1;
    }
    return n;
  }

  private static long countKind(JsonArray samples, String kind) {
    long n = 0;
    for (JsonElement e : samples) {
      n += e.getAsJsonObject().get("kind").getAsString().equals(kind) ? 1 : 0;
    }
    return n;
  }

  @Test
  void readsCocoCaptions(@TempDir Path dir) throws Exception {
    Path coco = dir.resolve("captions_val.json");
    Files.writeString(
        coco,
        "{\"images\": [{\"id\": 1}, {\"id\": 2}], \"annotations\": ["
            + "{\"image_id\": 1, \"id\": 10, \"caption\": \"A man rides a brown horse on the beach.\"},"
            + "{\"image_id\": 2, \"id\": 11, \"caption\": \"A dog runs on the green grass.\"}]}");
    Path out = dir.resolve("out.jsonl");
    MainTest.Run run = MainTest.unimo("rewrite", "--captions", coco.toString(), "--out", out.toString(), "--no-progress");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(records(out)).extracting(r -> r.get("image_id").getAsString()).containsExactly("1", "2");
  }

  @Test
  void badInputNamesTheFileAndLineAndLeavesNothing(@TempDir Path dir) throws Exception {
    Path captions = dir.resolve("bad.jsonl");
    Files.writeString(captions, "{\"image_id\": 1, \"caption\": \"a cat\"}\n{\"image_id\": 2}\n");
    Path out = dir.resolve("out.jsonl");
    MainTest.Run run = MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString(), "--no-progress");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("bad.jsonl:2: needs \"caption\", a string");
    assertThat(out).doesNotExist();

    Files.writeString(captions, "{\"image_id\": 1, \"caption\": \"a cat\"}\nnot json\n");
    assertThat(MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString()).err())
        .contains("bad.jsonl:2: not JSON");
  }

  @Test
  void refusesToOverwriteAndNeedsBothTranslationModels(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "keep");
    MainTest.Run run = MainTest.unimo("rewrite", "--captions", jsonl(dir).toString(), "--out", out.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("exists; pass --force");
    assertThat(Files.readString(out)).isEqualTo("keep");
    MainTest.Run half =
        MainTest.unimo("rewrite", "--captions", jsonl(dir).toString(), "--out", dir.resolve("o2.jsonl").toString(), "--to-pivot", dir.toString());
    assertThat(half.status()).isEqualTo(2);
    assertThat(half.err()).contains("needs both --to-pivot and --from-pivot");
    MainTest.Run same =
        MainTest.unimo("rewrite", "--captions", jsonl(dir).toString(), "--out", out.toString(), "--tfrecord", out.toString(), "--force");
    assertThat(same.err()).contains("--out and --tfrecord are both");
  }

  @Test
  void backTranslatesThroughSpanishWithApertium(@TempDir Path dir) throws Exception {
    boolean available = ApertiumTranslator.isAvailable("eng", "spa") && ApertiumTranslator.isAvailable("spa", "eng");
    if (!available && "true".equals(System.getenv("CI"))) {
      fail("apertium eng-spa/spa-eng missing under CI=true: .ci/run installs it with ./unimo setup");
    }
    assumeTrue(available, "apertium eng-spa: install with ./unimo setup");
    Path captions = dir.resolve("captions.jsonl");
    Files.write(
        captions,
        List.of(
            "{\"image_id\": 1, \"caption\": \"A man is riding a horse on the beach.\"}",
            "{\"image_id\": 2, \"caption\": \"Two dogs are playing with a frisbee in a park.\"}",
            "{\"image_id\": 3, \"caption\": \"A woman holds an umbrella next to a yellow car.\"}"));
    Path out = dir.resolve("out.jsonl");
    MainTest.Run run =
        MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString(), "--backtranslate", "eng-spa", "--no-progress");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("rewrote 3 captions").contains("backtranslation");

    List<JsonObject> records = records(out);
    assertThat(records).hasSize(3);
    String source = "backtranslation via spa: apertium eng-spa -> apertium spa-eng";
    for (JsonObject record : records) {
      JsonArray positives = record.getAsJsonArray("positives");
      assertThat(countKind(positives, "backtranslation")).as(record.toString()).isEqualTo(1);
      JsonObject back = positives.get(0).getAsJsonObject();
      assertThat(back.get("kind").getAsString()).isEqualTo("backtranslation");
      assertThat(back.get("source").getAsString()).isEqualTo(source);
      assertThat(back.get("text").getAsString()).isNotEqualToIgnoringCase(record.get("caption").getAsString()).doesNotContain("*");
    }
    JsonObject rider = records.get(0).getAsJsonArray("positives").get(0).getAsJsonObject();
    assertThat(rider.get("text").getAsString()).isEqualTo("A man is mounting a horse in the beach.");
  }

  @Test
  void aMissingApertiumPairSaysHowToInstall(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    MainTest.Run run =
        MainTest.unimo("rewrite", "--captions", jsonl(dir).toString(), "--out", out.toString(), "--backtranslate", "eng-xyz", "--no-progress");
    assertThat(run.status()).isEqualTo(2);
    // Without apertium at all the message says so instead of listing its pairs; both say how to install.
    assertThat(run.err())
        .startsWith("unimo rewrite: --backtranslate eng-xyz: apertium ")
        .contains("./unimo setup")
        .contains("apt-get install apertium apertium-eng-spa");
    if (ApertiumTranslator.isAvailable("eng", "spa")) {
      assertThat(run.err()).contains("apertium has no language pair eng-xyz (it has ").contains("eng-spa");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void backtranslateAndSavedModelsAreAlternatives(@TempDir Path dir) throws Exception {
    Path captions = jsonl(dir);
    Path out = dir.resolve("out.jsonl");
    MainTest.Run both =
        MainTest.unimo(
            "rewrite", "--captions", captions.toString(), "--out", out.toString(), "--backtranslate", "eng-spa",
            "--to-pivot", dir.toString(), "--from-pivot", dir.toString());
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("--backtranslate").contains("--to-pivot/--from-pivot").contains("alternatives");
    MainTest.Run pivot =
        MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString(), "--backtranslate", "eng-spa", "--pivot", "es");
    assertThat(pivot.status()).isEqualTo(2);
    assertThat(pivot.err()).contains("--pivot is for --to-pivot and --from-pivot");
    MainTest.Run malformed =
        MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString(), "--backtranslate", "english");
    assertThat(malformed.status()).isEqualTo(2);
    assertThat(malformed.err()).contains("--backtranslate: 'english' is not a language pair SOURCE-PIVOT such as eng-spa");
    MainTest.Run code =
        MainTest.unimo("rewrite", "--captions", captions.toString(), "--out", out.toString(), "--backtranslate", "eng-Spanish");
    assertThat(code.status()).isEqualTo(2);
    assertThat(code.err()).contains("--backtranslate eng-Spanish: 'Spanish' is not an apertium language code");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingTranslationModelIsBadInput(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("en-de");
    MainTest.Run run =
        MainTest.unimo(
            "rewrite", "--captions", jsonl(dir).toString(), "--out", dir.resolve("out.jsonl").toString(),
            "--to-pivot", missing.toString(), "--from-pivot", missing.toString(), "--no-progress");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains("unimo rewrite: --to-pivot: " + missing)
        .contains("saved_model.pb missing");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }
}
