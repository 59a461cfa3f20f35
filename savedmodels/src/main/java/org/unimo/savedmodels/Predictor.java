package org.unimo.savedmodels;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;
import org.unimo.dsl.HeadSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.SpecException;
import org.unimo.dsl.ImageSpec;
import org.unimo.graph.Embedder;
import org.unimo.graph.Feeds;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Outputs;
import org.unimo.graph.decoding.Generator;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Serves an exported model: embeds texts and images and scores them against each other.
 *
 * <pre>{@code
 * try (Predictor predictor = Predictor.load(Path.of("runs/tiny/export"))) {
 *   float[][] scores = predictor.scores(List.of("a red circle above a blue square"), images);
 * }
 * }</pre>
 *
 * <p>Any TensorFlow runtime can serve the same directory through the {@link Signatures}; this
 * class adds tokenization and batching from the files under {@code assets.extra/}.
 */
public final class Predictor implements Embedder, AutoCloseable {
  private final Path dir;
  private final SavedModelBundle bundle;
  private final ModelSpec spec;
  private final Tokenizer tokenizer;

  private Predictor(Path dir, SavedModelBundle bundle, ModelSpec spec, Tokenizer tokenizer) {
    this.dir = dir;
    this.bundle = bundle;
    this.spec = spec;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads an export written by {@link ModelExporter}.
   *
   * @throws NoSuchFileException if {@code dir} holds no SavedModel
   * @throws IOException if its spec or tokenizer is missing or malformed (naming the file)
   */
  public static Predictor load(Path dir) throws IOException {
    ModelSpec spec = spec(dir);
    Tokenizer tokenizer = tokenizer(dir, spec);
    return new Predictor(dir, SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG), spec, tokenizer);
  }

  /**
   * The spec of the export in {@code dir}, read from its files without loading the SavedModel.
   *
   * @throws NoSuchFileException if {@code dir} holds no SavedModel
   * @throws IOException if its spec is missing or malformed (naming the file)
   */
  public static ModelSpec spec(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new NoSuchFileException(dir.toString(), null, "no SavedModel here (saved_model.pb missing)");
    }
    try {
      return readSpec(dir.resolve(ModelExporter.EXTRA_DIR).resolve(ModelExporter.SPEC_FILE));
    } catch (SpecException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The tokenizer of the export in {@code dir}, whose spec is {@code spec}, read from its files. */
  public static Tokenizer tokenizer(Path dir, ModelSpec spec) throws IOException {
    return TokenizerFiles.read(spec, dir.resolve(ModelExporter.EXTRA_DIR));
  }

  /**
   * The export's float variables whose paths start with one of {@code prefixes} (e.g. {@code
   * embeddings/}, {@code encoder/}), by path, in graph order: what a run started from this export
   * loads.
   */
  public java.util.Map<String, org.unimo.graph.weights.FloatTensor> variables(List<String> prefixes) {
    List<String> names = new java.util.ArrayList<>();
    bundle.graph().operations().forEachRemaining(op -> {
      if (op.type().equals("VariableV2") && prefixes.stream().anyMatch(op.name()::startsWith)) {
        names.add(op.name());
      }
    });
    java.util.Map<String, org.unimo.graph.weights.FloatTensor> values = new java.util.LinkedHashMap<>();
    for (String name : names) {
      try (Result result = bundle.session().runner().fetch(name).run()) {
        Tensor tensor = result.get(0);
        if (tensor instanceof org.tensorflow.types.TFloat32 floats) {
          float[] data = new float[(int) floats.size()];
          floats.asRawTensor().data().asFloats().read(data);
          values.put(name, new org.unimo.graph.weights.FloatTensor(floats.shape().asArray(), data));
        }
      }
    }
    return values;
  }

  /**
   * The export's spec: a full spec, or the encoder-only spec of an exported import (no objectives,
   * no heads).
   */
  private static ModelSpec readSpec(Path file) throws IOException {
    String text;
    try {
      text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "missing from the export");
    }
    return ModelSpec.parseFullOrEncoderOnly(text, file.toString());
  }

  public ModelSpec spec() {
    return spec;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** L2-normalized text embeddings, one row per text. */
  public float[][] embedTexts(List<String> texts) {
    return embedTexts(TextBatch.encode(tokenizer, texts, spec.text().maxLength()));
  }

  /** L2-normalized embeddings of an already tokenized batch. */
  @Override
  public float[][] embedTexts(TextBatch batch) {
    try (Feeds feeds = new Feeds()) {
      return call(
          Signatures.EMBED_TEXT,
          Map.of(
              "token_ids", feeds.add(batch.tokenIdsTensor()),
              "mask", feeds.add(batch.maskTensor())),
          "embedding");
    }
  }

  /** L2-normalized image embeddings, one row per image. */
  public float[][] embedImages(List<ImageRegions> images) {
    return embedImages(images(images));
  }

  /** L2-normalized embeddings of an already packed batch of images. */
  @Override
  public float[][] embedImages(ImageBatch batch) {
    try (Feeds feeds = new Feeds()) {
      return call(
          Signatures.EMBED_IMAGE,
          Map.of(
              "features", feeds.add(batch.featuresTensor()),
              "boxes", feeds.add(batch.boxesTensor()),
              "mask", feeds.add(batch.maskTensor())),
          "embedding");
    }
  }

  /** Cosine similarity of every text (rows) with every image (columns). */
  public float[][] scores(List<String> texts, List<ImageRegions> images) {
    return callWithImages(Signatures.SCORE, "scores", texts, images);
  }

  /** Calls a signature with the inputs of {@code score}: the texts and the images. */
  private float[][] callWithImages(String signature, String output, List<String> texts, List<ImageRegions> images) {
    TextBatch text = TextBatch.encode(tokenizer, texts, spec.text().maxLength());
    ImageBatch image = images(images);
    try (Feeds feeds = new Feeds()) {
      return call(
          signature,
          Map.of(
              "text_token_ids", feeds.add(text.tokenIdsTensor()),
              "text_mask", feeds.add(text.maskTensor()),
              "image_features", feeds.add(image.featuresTensor()),
              "image_boxes", feeds.add(image.boxesTensor()),
              "image_mask", feeds.add(image.maskTensor())),
          output);
    }
  }

  /**
   * Head {@code head}'s class probabilities [B, C] for {@code texts} (a sequence classification
   * head's signature, {@code classify_HEAD}).
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] classify(String head, List<String> texts) {
    return classify(head, texts, java.util.Collections.nCopies(texts.size(), null));
  }

  /**
   * Class probabilities [N, C] of text pairs, each encoded {@code [CLS] first [SEP] second [SEP]}
   * (a null second: the first text alone), as fine-tuning on a pair task encoded them.
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] classify(String head, List<String> texts, List<? extends @Nullable String> seconds) {
    return head(Signatures.classify(head), head, "probabilities", texts, seconds);
  }

  /**
   * Values [N, 1] of regression head {@code head} (its signature, {@code regress_HEAD}) for texts or
   * text pairs, encoded as {@link #classify(String, List, List)} encodes them.
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] regress(String head, List<String> texts, List<? extends @Nullable String> seconds) {
    return head(Signatures.regress(head), head, "value", texts, seconds);
  }

  private float[][] head(
      String signature, String head, String output, List<String> texts, List<? extends @Nullable String> seconds) {
    if (!bundle.signatures().stream().anyMatch(s -> s.key().equals(signature))) {
      throw new IllegalArgumentException("the model has no head named '" + head + "' (no signature " + signature + ")");
    }
    TextBatch text = TextBatch.encodePairs(tokenizer, texts, seconds, spec.text().maxLength());
    try (Feeds feeds = new Feeds()) {
      return call(
          signature,
          Map.of("token_ids", feeds.add(text.tokenIdsTensor()), "mask", feeds.add(text.maskTensor())),
          output);
    }
  }

  /**
   * Head {@code head}'s primary output ({@link Signatures#of(HeadSpec)}) for texts or text pairs
   * (a head on text alone) or for texts each about an image (a head on an image and a text:
   * {@code images} has one image per text; a retrieval head scores every text against every image).
   *
   * @throws IllegalArgumentException if the model has no such head, or it takes images and none are
   *     given (or the reverse)
   */
  public float[][] predict(
      String head, List<String> texts, List<? extends @Nullable String> seconds, @Nullable List<ImageRegions> images) {
    Signatures.Head signature = Signatures.of(headSpec(head));
    if (!signature.images()) {
      if (images != null) {
        throw new IllegalArgumentException("head " + head + " reads text only, and images were given");
      }
      return head(signature.key(), head, signature.output(), texts, seconds);
    }
    if (images == null) {
      throw new IllegalArgumentException("head " + head + " reads an image with each text, and none were given");
    }
    return callWithImages(signature.key(), signature.output(), texts, images);
  }

  /**
   * Texts generated by generation head {@code head} (its {@code decode_HEAD} step, in the loop of
   * {@link Generator}): captions of {@code images} (a captioning head; {@code texts} empty), or
   * targets of the source texts (a text-to-text head; {@code images} null), decoded with {@code
   * settings}, or the head's own decoding settings when null.
   *
   * @throws IllegalArgumentException if the model has no such generation head, or it takes images
   *     and none are given (or the reverse)
   */
  public List<String> generate(
      String head,
      List<String> texts,
      List<? extends @Nullable String> seconds,
      @Nullable List<ImageRegions> images,
      @Nullable DecodingSpec settings) {
    GenerationHeadSpec generation = Generator.head(spec, head);
    Generator.Step step = inputs -> call(generation.signature(), inputs, generation.output());
    return Generator.generate(generation, spec, tokenizer, step, texts, seconds, images, settings);
  }

  /** The spec of head {@code head}. */
  private HeadSpec headSpec(String head) {
    return spec.heads().stream()
        .filter(h -> h.name().equals(head))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + head + "'"));
  }

  /**
   * The names of head {@code head}'s classes or answers, in index order, when the export lists them
   * ({@code assets.extra/classes/HEAD.txt}, one per line); empty otherwise.
   */
  public List<String> classNames(String head) throws IOException {
    return ModelExporter.readClassNames(dir, head);
  }

  private ImageBatch images(List<ImageRegions> images) {
    ImageSpec config = spec.image().orElseThrow(() -> new IllegalStateException("the model has no image input"));
    return ImageBatch.of(images, config);
  }

  private float[][] call(String signature, Map<String, Tensor> inputs, String output) {
    try (Result result = bundle.function(signature).call(inputs)) {
      Tensor tensor =
          result
              .get(output)
              .orElseThrow(() -> new IllegalStateException(signature + " returned no " + output));
      return Outputs.matrix(tensor);
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
