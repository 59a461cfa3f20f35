package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.formats.FormatFiles.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionSourcesTest {
  @TempDir Path dir;

  /** The shape of Karpathy's dataset_coco.json, shortened. */
  private static final String KARPATHY_COCO =
      """
      {"images": [
        {"filepath": "val2014", "sentids": [770337, 771687], "filename": "COCO_val2014_000000391895.jpg", "imgid": 0,
         "split": "test", "sentences": [{"tokens": ["a", "man"], "raw": "A man with a red helmet.", "imgid": 0, "sentid": 770337},
                                        {"tokens": ["a", "man"], "raw": " A man on a moped. ", "imgid": 0, "sentid": 771687}],
         "cocoid": 391895},
        {"filepath": "train2014", "filename": "COCO_train2014_000000057870.jpg", "imgid": 1, "split": "restval",
         "sentences": [{"raw": "A restaurant has modern wooden tables."}], "cocoid": 57870},
        {"filepath": "train2014", "filename": "COCO_train2014_000000384029.jpg", "imgid": 2, "split": "train",
         "sentences": [{"raw": "A man preparing desserts."}, {"raw": "A chef in a kitchen."}], "cocoid": 384029}
      ], "dataset": "coco"}
      """;

  private static final String KARPATHY_FLICKR =
      "{\"images\": [{\"sentids\": [0], \"imgid\": 0, \"sentences\": [{\"raw\": \"Two young guys.\", \"tokens\": [\"two\"]}],"
          + " \"split\": \"train\", \"filename\": \"1000092795.jpg\"}], \"dataset\": \"flickr30k\"}\n";

  private static final String COCO =
      """
      {
        "info": {"description": "COCO 2017"},
        "images": [{"id": 179765, "width": 640, "height": 480, "file_name": "000000179765.jpg"},
                   {"id": 190236, "width": 640, "height": 427, "file_name": "000000190236.jpg"}],
        "annotations": [
          {"image_id": 179765, "id": 38, "caption": "A black Honda motorcycle parked."},
          {"image_id": 190236, "id": 49, "caption": "An office cubicle with four monitors."},
          {"image_id": 179765, "id": 182, "caption": "Honda motorcycle parked in a grass driveway."}
        ]
      }
      """;

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> CaptionSources.read(file, BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(file + message);
  }

  @Test
  void karpathyCocoUsesTheCocoIdAndKeepsTheSplits() throws Exception {
    Path file = text(dir.resolve("dataset_coco.json"), KARPATHY_COCO);
    assertThat(CaptionSources.read(file, BadRows.fail()))
        .containsExactly(
            new ImageCaptions("391895", "test", List.of("A man with a red helmet.", "A man on a moped.")),
            new ImageCaptions("57870", "restval", List.of("A restaurant has modern wooden tables.")),
            new ImageCaptions("384029", "train", List.of("A man preparing desserts.", "A chef in a kitchen.")));
    assertThat(CaptionSources.read(file, BadRows.fail(), CaptionSources.KARPATHY_TRAINING))
        .extracting(ImageCaptions::imageId)
        .containsExactly("57870", "384029");
    List<CaptionSources.Entry> entries = new ArrayList<>();
    assertThat(CaptionSources.stream(file, BadRows.fail(), entries::add)).isEqualTo(CaptionSources.Format.KARPATHY);
    assertThat(entries.get(1))
        .isEqualTo(new CaptionSources.Entry("391895", "test", "A man on a moped.", file + ": images[0].sentences[1]"));
  }

  @Test
  void karpathyFlickrUsesTheFileNameWithoutExtension() throws Exception {
    Path file = text(dir.resolve("dataset_flickr30k.json"), KARPATHY_FLICKR);
    assertThat(CaptionSources.read(file, BadRows.fail()))
        .containsExactly(new ImageCaptions("1000092795", "train", List.of("Two young guys.")));
  }

  @Test
  void cocoGroupsAnnotationsPerImageInOrderOfFirstAppearance() throws Exception {
    Path file = text(dir.resolve("captions_train2017.json"), COCO);
    assertThat(CaptionSources.read(file, BadRows.fail()))
        .containsExactly(
            new ImageCaptions("179765", null, List.of("A black Honda motorcycle parked.", "Honda motorcycle parked in a grass driveway.")),
            new ImageCaptions("190236", null, List.of("An office cubicle with four monitors.")));
    Path oneLine = text(dir.resolve("one-line.json.gz"), COCO.replace("\n", " ") + "\n");
    assertThat(CaptionSources.stream(oneLine, BadRows.fail(), e -> {})).isEqualTo(CaptionSources.Format.COCO);
    assertThatThrownBy(() -> CaptionSources.read(file, BadRows.fail(), Set.of("train")))
        .hasMessage(file + ": no captions in the splits [train] (the file gives no splits)");
  }

  @Test
  void jsonLinesTakeNumberOrStringIdsAndAnOptionalSplit() throws Exception {
    Path file =
        text(
            dir.resolve("captions.jsonl.gz"),
            "{\"image_id\": 57, \"caption\": \" a horse \", \"split\": \"train\"}\n\n"
                + "{\"image_id\": \"57\", \"caption\": \"a brown horse\", \"split\": \"train\"}\n"
                + "{\"image_id\": 139, \"caption\": \"a dog\", \"split\": \"val\"}\n");
    assertThat(CaptionSources.read(file, BadRows.fail()))
        .containsExactly(
            new ImageCaptions("57", "train", List.of("a horse", "a brown horse")),
            new ImageCaptions("139", "val", List.of("a dog")));
    assertThat(CaptionSources.read(file, BadRows.fail(), Set.of("val"))).extracting(ImageCaptions::imageId).containsExactly("139");
    assertThat(CaptionSources.read(file, BadRows.fail(), CaptionSources.KARPATHY_TRAINING)).extracting(ImageCaptions::imageId).containsExactly("57");
    assertThatThrownBy(() -> CaptionSources.read(file, BadRows.fail(), Set.of("test", "restval")))
        .hasMessage(file + ": no captions in the splits [restval, test] (the file's splits: train, val)");
    assertThat(CaptionSources.stream(file, BadRows.fail(), e -> {})).isEqualTo(CaptionSources.Format.JSON_LINES);
  }

  @Test
  void karpathyProblemsNameTheImageAndSentence() throws Exception {
    String image = "{\"filename\": \"1.jpg\", \"split\": \"train\", \"sentences\": [{\"raw\": \"a\"}]}";
    assertBad(
        text(dir.resolve("raw.json"), "{\"images\": [" + image + ", {\"filename\": \"2.jpg\", \"sentences\": [{\"tokens\": []}]}]}"),
        ": images[1].sentences[0]: missing \"raw\"");
    assertBad(
        text(dir.resolve("empty.json"), "{\"images\": [" + image + ", {\"filename\": \"2.jpg\", \"sentences\": [{\"raw\": \" \"}]}]}"),
        ": images[1].sentences[0]: \"raw\" is empty");
    assertBad(
        text(dir.resolve("id.json"), "{\"images\": [" + image + ", {\"split\": \"val\", \"sentences\": []}]}"),
        ": images[1]: needs \"cocoid\" or \"filename\" to give the image id");
    assertBad(text(dir.resolve("twice.json"), "{\"images\": [" + image + ", " + image + "]}"), ": images[1]: image id 1 repeats images[0]");
    assertBad(
        text(dir.resolve("split.json"), "{\"images\": [{\"cocoid\": 5, \"split\": 1, \"sentences\": [{\"raw\": \"a\"}]}]}"),
        ": images[0]: \"split\" is 1, not a string");
    assertBad(
        text(dir.resolve("sentences.json"), "{\"images\": [" + image + ", {\"cocoid\": 5, \"sentences\": {}}]}"),
        ": images[1]: needs \"sentences\", an array");
    assertBad(
        text(dir.resolve("image-info.json"), "{\"images\": [{\"id\": 5, \"width\": 640, \"height\": 480}]}"),
        ": neither COCO captions (no \"annotations\") nor Karpathy splits (images[0] has no \"sentences\")");
  }

  @Test
  void cocoProblemsNameTheAnnotation() throws Exception {
    assertBad(
        text(dir.resolve("caption.json"), "{\"annotations\": [{\"image_id\": 1, \"caption\": \"a\"}, {\"image_id\": 2, \"id\": 9}]}"),
        ": annotations[1]: needs \"caption\", a string");
    assertBad(text(dir.resolve("object.json"), "{\"annotations\": [{\"image_id\": 1, \"caption\": \"a\"}, 3]}"), ": annotations[1]: not an object");
    assertBad(text(dir.resolve("id.json"), "{\"annotations\": [{\"image_id\": \" \", \"caption\": \"a\"}]}"), ": annotations[0]: \"image_id\" is blank");
    assertBad(text(dir.resolve("neither.json"), "{\n  \"categories\": [],\n  \"licenses\": []\n}\n"),
        ": a JSON object with neither \"annotations\" (COCO captions) nor \"images\" (Karpathy splits)");
    assertBad(text(dir.resolve("broken.json"), "{\n  \"annotations\": [\n    {\"image_id\": 1, \"caption\": \"a\"},,\n  ]\n}\n"),
        ": neither JSON lines (the first lines are not JSON objects) nor a COCO captions document (syntax error at line 3 column 38)");
  }

  @Test
  void jsonLinesProblemsNameTheLine() throws Exception {
    String good = "{\"image_id\": 1, \"caption\": \"a cat\", \"split\": \"train\"}\n";
    assertBad(text(dir.resolve("split.jsonl"), good + "{\"image_id\": 2, \"caption\": \"b\"}\n" + "{\"image_id\": 1, \"caption\": \"c\", \"split\": \"val\"}\n"),
        ":3: image 1 is in split \"val\" here but in \"train\" at line 1");
    assertBad(text(dir.resolve("type.jsonl"), good + "{\"image_id\": 2, \"caption\": \"b\", \"split\": [\"train\"]}\n"),
        ":2: \"split\" is [\"train\"], not a string");
    assertBad(text(dir.resolve("empty.jsonl"), "\n\n"), ": no captions");
  }

  @Test
  void skippingLeavesOutBadRecordsAndCountsThem() throws Exception {
    Path karpathy =
        text(
            dir.resolve("dataset.json"),
            "{\"images\": [{\"cocoid\": 1, \"split\": \"train\", \"sentences\": [{\"raw\": \"a\"}, {\"raw\": 5}, {\"raw\": \"b\"}]},"
                + " {\"sentences\": [{\"raw\": \"c\"}]}, {\"cocoid\": 3, \"split\": \"val\", \"sentences\": [{\"raw\": \"d\"}]}]}");
    BadRows bad = BadRows.skip();
    assertThat(CaptionSources.read(karpathy, bad))
        .containsExactly(new ImageCaptions("1", "train", List.of("a", "b")), new ImageCaptions("3", "val", List.of("d")));
    assertThat(bad.messages())
        .containsExactly(
            karpathy + ": images[0].sentences[1]: \"raw\" is 5, not a string",
            karpathy + ": images[1]: needs \"cocoid\" or \"filename\" to give the image id");
    Path lines = text(dir.resolve("bad.jsonl"), "{\"image_id\": 1}\nnot json\n");
    BadRows all = BadRows.skip();
    assertThatThrownBy(() -> CaptionSources.read(lines, all)).hasMessage(lines + ": no captions (2 bad rows skipped)");
    assertThat(all.count()).isEqualTo(2);
  }
}
