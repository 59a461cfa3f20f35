package org.unimo.tasks.prepared;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;
import org.unimo.rewriting.samples.SampleKind;

/**
 * The {@code tf.train.Example} layout of prepared records (documented in docs/data-formats.md), so
 * that any TensorFlow reader can read a prepared directory too.
 *
 * <ul>
 *   <li>An image: {@code image_id} (bytes), {@code image_w}, {@code image_h}, {@code num_boxes}
 *       (int64), {@code features} (float, num_boxes x D, row-major), {@code boxes} (float,
 *       num_boxes x 5: x1/w, y1/h, x2/w, y2/h, area / image area) and, when the detector's class
 *       distributions are known, {@code cls_prob} (float, num_boxes x C).
 *   <li>A pair: an image's features, plus {@code caption} (bytes, every caption of the image) and its
 *       CMCL sample sets: per text kind K ({@link SampleKind#label()}), {@code samples/K} (bytes)
 *       with {@code samples/K/caption} (int64: which caption each belongs to); related images as
 *       {@code samples/image} (int64: pair record indices) with {@code samples/image/caption}.
 *   <li>A text: {@code text} (bytes).
 * </ul>
 */
public final class PreparedRecords {
  private PreparedRecords() {}

  /**
   * An image's regions.
   *
   * @param boxes [regions][5], normalized
   * @param classProbs [regions][classes], or null when the source has no class distributions
   */
  public record Image(
      String imageId, int width, int height, float[][] features, float[][] boxes, float @Nullable [][] classProbs) {
    public int regions() {
      return features.length;
    }
  }

  /** One caption's CMCL samples: texts by kind, related images as pair record indices. */
  public record CaptionSamples(Map<SampleKind, List<String>> texts, int[] images) {
    public static final CaptionSamples NONE = new CaptionSamples(Map.of(), new int[0]);
  }

  /** An image, its captions and each caption's samples (empty when none were made). */
  public record Pair(Image image, List<String> captions, List<CaptionSamples> samples) {}

  public static byte[] image(Image image) {
    return Example.newBuilder().setFeatures(imageFeatures(image)).build().toByteArray();
  }

  public static byte[] pair(Pair pair) {
    Features.Builder features = imageFeatures(pair.image()).putFeature("caption", bytes(pair.captions()));
    Map<SampleKind, List<String>> texts = new EnumMap<>(SampleKind.class);
    Map<SampleKind, List<Long>> owners = new EnumMap<>(SampleKind.class);
    List<Long> images = new ArrayList<>();
    List<Long> imageOwners = new ArrayList<>();
    for (int c = 0; c < pair.samples().size(); c++) {
      CaptionSamples samples = pair.samples().get(c);
      for (var entry : samples.texts().entrySet()) {
        for (String text : entry.getValue()) {
          texts.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(text);
          owners.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add((long) c);
        }
      }
      for (int image : samples.images()) {
        images.add((long) image);
        imageOwners.add((long) c);
      }
    }
    texts.forEach(
        (kind, values) -> {
          features.putFeature("samples/" + kind.label(), bytes(values));
          features.putFeature("samples/" + kind.label() + "/caption", int64(owners.get(kind)));
        });
    if (!images.isEmpty()) {
      features.putFeature("samples/image", int64(images));
      features.putFeature("samples/image/caption", int64(imageOwners));
    }
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  public static byte[] text(String text) {
    return Example.newBuilder()
        .setFeatures(Features.newBuilder().putFeature("text", bytes(List.of(text))))
        .build()
        .toByteArray();
  }

  /** Reads an image record; {@code where} names it in errors. */
  public static Image readImage(byte[] record, String where) throws IOException {
    return image(features(record, where), where);
  }

  public static Pair readPair(byte[] record, String where) throws IOException {
    Map<String, Feature> f = features(record, where);
    Image image = image(f, where);
    List<String> captions = strings(f, "caption", where);
    if (captions.isEmpty()) {
      throw new IOException(where + ": a pair without captions");
    }
    List<Map<SampleKind, List<String>>> texts = new ArrayList<>();
    List<List<Integer>> images = new ArrayList<>();
    for (int c = 0; c < captions.size(); c++) {
      texts.add(new EnumMap<>(SampleKind.class));
      images.add(new ArrayList<>());
    }
    boolean any = false;
    for (SampleKind kind : SampleKind.values()) {
      String name = "samples/" + kind.label();
      if (!f.containsKey(name)) {
        continue;
      }
      any = true;
      List<Long> owners = longs(f, name + "/caption", where);
      if (kind.isImage()) {
        List<Long> values = longs(f, name, where);
        check(values.size() == owners.size(), where, name + " and " + name + "/caption differ in length");
        for (int i = 0; i < values.size(); i++) {
          images.get(owner(owners.get(i), captions.size(), where)).add(values.get(i).intValue());
        }
      } else {
        List<String> values = strings(f, name, where);
        check(values.size() == owners.size(), where, name + " and " + name + "/caption differ in length");
        for (int i = 0; i < values.size(); i++) {
          texts.get(owner(owners.get(i), captions.size(), where)).computeIfAbsent(kind, k -> new ArrayList<>()).add(values.get(i));
        }
      }
    }
    List<CaptionSamples> samples = new ArrayList<>();
    if (any) {
      for (int c = 0; c < captions.size(); c++) {
        samples.add(new CaptionSamples(texts.get(c), images.get(c).stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    return new Pair(image, captions, samples);
  }

  public static String readText(byte[] record, String where) throws IOException {
    List<String> text = strings(features(record, where), "text", where);
    check(text.size() == 1, where, "expected one \"text\", found " + text.size());
    return text.get(0);
  }

  private static int owner(long caption, int captions, String where) throws IOException {
    check(caption >= 0 && caption < captions, where, "a sample of caption " + caption + " of " + captions);
    return (int) caption;
  }

  private static Features.Builder imageFeatures(Image image) {
    int n = image.regions();
    Features.Builder features =
        Features.newBuilder()
            .putFeature("image_id", bytes(List.of(image.imageId())))
            .putFeature("image_w", int64(List.of((long) image.width())))
            .putFeature("image_h", int64(List.of((long) image.height())))
            .putFeature("num_boxes", int64(List.of((long) n)))
            .putFeature("features", floats(image.features()))
            .putFeature("boxes", floats(image.boxes()));
    if (image.classProbs() != null) {
      features.putFeature("cls_prob", floats(image.classProbs()));
    }
    return features;
  }

  private static Image image(Map<String, Feature> f, String where) throws IOException {
    String id = strings(f, "image_id", where).stream().findFirst().orElseThrow(() -> new IOException(where + ": no image_id"));
    int n = (int) single(f, "num_boxes", where);
    float[][] features = matrix(f, "features", n, where);
    float[][] boxes = matrix(f, "boxes", n, where);
    if (n > 0 && boxes[0].length != 5) {
      throw new IOException(where + ": boxes has " + boxes[0].length + " values per region, expected 5");
    }
    float[][] classes = f.containsKey("cls_prob") ? matrix(f, "cls_prob", n, where) : null;
    return new Image(id, (int) single(f, "image_w", where), (int) single(f, "image_h", where), features, boxes, classes);
  }

  private static Map<String, Feature> features(byte[] record, String where) throws IOException {
    try {
      return Example.parseFrom(record).getFeatures().getFeatureMap();
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(where + ": not a tf.train.Example: " + e.getMessage(), e);
    }
  }

  private static float[][] matrix(Map<String, Feature> f, String name, int rows, String where) throws IOException {
    Feature feature = f.get(name);
    check(feature != null && feature.hasFloatList(), where, "no float feature \"" + name + "\"");
    FloatList list = feature.getFloatList();
    int total = list.getValueCount();
    check(rows == 0 ? total == 0 : total % rows == 0, where, name + " has " + total + " floats, not a multiple of num_boxes " + rows);
    int width = rows == 0 ? 0 : total / rows;
    float[][] m = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        m[r][c] = list.getValue(r * width + c);
      }
    }
    return m;
  }

  private static long single(Map<String, Feature> f, String name, String where) throws IOException {
    List<Long> values = longs(f, name, where);
    check(values.size() == 1, where, "expected one \"" + name + "\", found " + values.size());
    return values.get(0);
  }

  private static List<Long> longs(Map<String, Feature> f, String name, String where) throws IOException {
    Feature feature = f.get(name);
    check(feature != null && feature.hasInt64List(), where, "no int64 feature \"" + name + "\"");
    return feature.getInt64List().getValueList();
  }

  private static List<String> strings(Map<String, Feature> f, String name, String where) throws IOException {
    Feature feature = f.get(name);
    check(feature != null && feature.hasBytesList(), where, "no bytes feature \"" + name + "\"");
    List<String> values = new ArrayList<>();
    for (ByteString value : feature.getBytesList().getValueList()) {
      values.add(value.toStringUtf8());
    }
    return values;
  }

  private static void check(boolean condition, String where, String message) throws IOException {
    if (!condition) {
      throw new IOException(where + ": " + message);
    }
  }

  private static Feature bytes(List<String> values) {
    BytesList.Builder list = BytesList.newBuilder();
    values.forEach(v -> list.addValue(ByteString.copyFromUtf8(v)));
    return Feature.newBuilder().setBytesList(list).build();
  }

  private static Feature int64(List<Long> values) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addAllValue(values)).build();
  }

  private static Feature floats(float[][] rows) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float[] row : rows) {
      for (float v : row) {
        list.addValue(v);
      }
    }
    return Feature.newBuilder().setFloatList(list).build();
  }
}
