package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;

class KarpathySplitTest {
  @TempDir Path dir;

  private static String image(String filename, String split, String cocoid, String... raws) {
    StringBuilder sentences = new StringBuilder("[");
    for (int i = 0; i < raws.length; i++) {
      sentences.append(i == 0 ? "" : ", ").append("{\"tokens\": [\"x\"], \"raw\": \"").append(raws[i]).append("\", \"imgid\": 0, \"sentid\": ").append(i).append('}');
    }
    return "{\"filepath\": \"val2014\", \"sentids\": [0], \"filename\": \"" + filename + "\", \"imgid\": 0, \"split\": \"" + split
        + "\", \"sentences\": " + sentences + "]" + (cocoid == null ? "" : ", \"cocoid\": " + cocoid) + "}";
  }

  /** COCO's file is one line; this one has an image per line, so lines can be told apart. */
  private static final String COCO =
      "{\"images\": [\n"
          + image("COCO_val2014_000000391895.jpg", "test", "391895", "A man with a red helmet on a small moped on a dirt road. ", "Man riding a motor bike.")
          + ",\n" + image("COCO_val2014_000000522418.jpg", "restval", "522418", "A woman wearing a net on her head cutting a cake.")
          + ",\n" + image("COCO_train2014_000000318556.jpg", "train", "318556", "A very clean and well decorated empty bathroom")
          + ",\n" + image("COCO_val2014_000000184613.jpg", "val", "184613", "A child holding a flowered umbrella.")
          + "\n], \"dataset\": \"coco\"}\n";

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> KarpathySplit.read(file, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(file + message);
  }

  @Test
  void readsEverySplitOrSome() throws Exception {
    Path file = text(dir.resolve("dataset_coco.json.gz"), COCO);
    List<KarpathyImage> all = KarpathySplit.read(file, BadRows.fail());
    assertThat(all).extracting(KarpathyImage::imageId).containsExactly("391895", "522418", "318556", "184613");
    assertThat(all).extracting(KarpathyImage::split).containsExactly("test", "restval", "train", "val");
    assertThat(all.get(0))
        .isEqualTo(new KarpathyImage("391895", "COCO_val2014_000000391895.jpg", "test",
            List.of("A man with a red helmet on a small moped on a dirt road.", "Man riding a motor bike."), file + ":2: images[0]"));
    assertThat(KarpathySplit.read(file, Set.of("train", "restval"), BadRows.fail()))
        .extracting(KarpathyImage::imageId).containsExactly("522418", "318556");
    assertThat(KarpathySplit.read(file, Set.of("test"), BadRows.fail())).extracting(KarpathyImage::imageId).containsExactly("391895");
    assertThatThrownBy(() -> KarpathySplit.read(file, Set.of("dev"), BadRows.fail()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown split \"dev\"; the splits: train, restval, val, test");
  }

  @Test
  void withoutCocoidTheIdIsTheFileNameWithoutExtension() throws Exception {
    Path file =
        text(dir.resolve("dataset_flickr30k.json"),
            "{\"dataset\": \"flickr30k\", \"images\": [" + image("1000092795.jpg", "train", null, "Two young guys with shaggy hair look at their hands .")
                + ", " + image("images/1001773457.jpg", "val", null, "Two dogs of different breeds looking at each other on the road .") + "]}");
    try (DataReader<KarpathyImage> images = KarpathySplit.open(file, BadRows.fail())) {
      List<String> ids = new ArrayList<>();
      while (images.hasNext()) {
        ids.add(images.next().imageId());
      }
      assertThat(ids).containsExactly("1000092795", "1001773457");
    }
    assertThat(KarpathySplit.read(file, BadRows.fail()).get(1).where()).isEqualTo(file + ":1: images[1]");
    Path train = text(dir.resolve("only-train.json"), "{\"images\": [" + image("1.jpg", "train", null, "a") + "]}");
    assertThatThrownBy(() -> KarpathySplit.read(train, Set.of("val", "test"), BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(train + ": no images in split val or test");
  }

  @Test
  void entryProblemsNameTheFileLineAndRecord() throws Exception {
    String first = "{\"images\": [\n" + image("1.jpg", "train", null, "a dog") + ",\n";
    assertBad(text(dir.resolve("raw.json"), first + image("2.jpg", "train", null, "a cat").replace("\"raw\"", "\"text\"") + "]}"),
        ":3: images[1].sentences[0]: missing \"raw\"");
    assertBad(text(dir.resolve("split.json"), first + image("2.jpg", "dev", null, "a cat") + "]}"),
        ":3: images[1]: unknown \"split\" \"dev\"; the splits: train, restval, val, test");
    assertBad(text(dir.resolve("filename.json"), first + image("2.jpg", "val", null, "a cat").replace("\"filename\": \"2.jpg\"", "\"filename\": 2") + "]}"),
        ":3: images[1]: \"filename\" is 2, not a string");
    assertBad(text(dir.resolve("cocoid.json"), first + image("2.jpg", "val", "2.5", "a cat") + "]}"), ":3: images[1]: \"cocoid\" is 2.5, not an integer");
    assertBad(text(dir.resolve("twice.json"), first + image("sub/1.png", "val", null, "a cat") + "]}"), ":3: images[1]: image id 1 repeats images[0]");
    assertBad(text(dir.resolve("none.json"), first + image("2.jpg", "val", null) + "]}"), ":3: images[1]: no sentences");
    assertBad(text(dir.resolve("blank.json"), first + image("2.jpg", "val", null, " ") + "]}"), ":3: images[1].sentences[0]: \"raw\" is blank");
    assertBad(text(dir.resolve("number.json"), first + "7]}"), ":3: images[1]: not an object");
  }

  @Test
  void documentProblemsNameTheFileAndLine() throws Exception {
    assertBad(text(dir.resolve("syntax.json"), "{\"images\": [\n" + image("1.jpg", "train", null, "a dog").replace(", \"imgid\": 0,", " \"imgid\": 0,") + "]}"),
        ":2: not a JSON object with an \"images\" array: Unterminated object at $.images[0].filename");
    assertBad(text(dir.resolve("array.json"), "[]"), ":1: not a JSON object with an \"images\" array: Expected BEGIN_OBJECT but was BEGIN_ARRAY at $");
    assertBad(text(dir.resolve("other.json"), "{\"annotations\": []}"), ": no \"images\" array: not a Karpathy split file (dataset_coco.json)");
    assertBad(text(dir.resolve("object.json"), "{\"images\": {}}"), ":1: \"images\" is not an array");
    assertBad(text(dir.resolve("cut.json"), "{\"images\": [\n" + image("1.jpg", "train", null, "a dog") + ",\n"),
        ":3: not a JSON object with an \"images\" array: End of input at $.images[1]");
    assertBad(text(dir.resolve("two.json"), "{\"images\": [" + image("1.jpg", "train", null, "a dog") + "]}\n{}"),
        ":2: text after the JSON object");
    Path utf8 = TaskFiles.bytes(dir.resolve("utf8.json"), TaskFiles.notUtf8("{\"images\": [\n" + image("1.jpg", "train", null, "a dog") + ",\n{\"raw\": \"caf", "\"}]}"));
    assertBad(utf8, ":3: not UTF-8 text");
    assertBad(text(dir.resolve("empty.json"), "{\"images\": []}"), ": no images");
  }

  @Test
  void skippingLeavesOutBadImages() throws Exception {
    Path file =
        text(dir.resolve("skip.json"),
            "{\"images\": [\n" + image("1.jpg", "train", null, "a dog") + ",\n" + image("2.jpg", "nowhere", null, "a cat") + ",\n3,\n"
                + image("4.jpg", "test", null, "a cow") + "]}");
    BadRows bad = BadRows.skip();
    assertThat(KarpathySplit.read(file, bad)).extracting(KarpathyImage::imageId).containsExactly("1", "4");
    assertThat(bad.messages())
        .containsExactly(
            file + ":3: images[1]: unknown \"split\" \"nowhere\"; the splits: train, restval, val, test", file + ":4: images[2]: not an object");
  }
}
