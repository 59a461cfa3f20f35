package org.unimo.graph;

/**
 * The names of the inference graph's inputs and outputs: the documented contract of exported
 * SavedModels, for any TensorFlow runtime that feeds them. Inside the toolkit, code feeds and
 * fetches through the typed handles of {@link CompiledModel}; training ops have no fixed names
 * beyond each objective's scope (see docs/model.md).
 *
 * <p>Shapes use B for the batch, T for {@code text.max_length}, R for {@code image.max_regions},
 * F for {@code image.feature_size} and H for {@code encoder.hidden}.
 */
public final class Names {
  private Names() {}

  /** int32 [B, T]: [CLS] w1 ... wn [SEP], padded with the tokenizer's [PAD]. */
  public static final String TEXT_TOKEN_IDS = "text/token_ids";

  /** float32 [B, T]: 1 for real tokens, 0 for padding. */
  public static final String TEXT_MASK = "text/mask";

  /** float32 [B, R, F]: region features, zero for padding regions. */
  public static final String IMAGE_FEATURES = "image/features";

  /** float32 [B, R, 5]: normalized x1, y1, x2, y2, area per region. */
  public static final String IMAGE_BOXES = "image/boxes";

  /** float32 [B, R]: 1 for real regions, 0 for padding. The image token is always attended. */
  public static final String IMAGE_MASK = "image/mask";

  /** float32 [B, H]: L2-normalized text representation, without dropout. */
  public static final String TEXT_EMBEDDING = "embed_text/embedding";

  /** float32 [B, H]: L2-normalized image representation, without dropout. */
  public static final String IMAGE_EMBEDDING = "embed_image/embedding";

  /** float32 [B_text, B_image]: cosine similarity of every text with every image. */
  public static final String SCORES = "score/scores";

  /** int64 scalar variable: steps taken so far. */
  public static final String GLOBAL_STEP = "global_step";
}
