package org.unimo.graph;

/**
 * The names of the graph's inputs and outputs: a stable contract between the compiler, the
 * trainer, the exporter and any TensorFlow runtime that feeds the graph.
 *
 * <p>Shapes use B for the batch, T for {@code text.max_length}, R for {@code image.max_regions},
 * F for {@code image.feature_size}, P for {@code objectives.masked_lm.max_predictions} and H for
 * {@code encoder.hidden}.
 */
public final class Names {
  private Names() {}

  /** int32 [B, T]: [CLS] w1 ... wn [SEP], padded with [PAD] (0). */
  public static final String TEXT_TOKEN_IDS = "text/token_ids";

  /** float32 [B, T]: 1 for real tokens, 0 for padding. */
  public static final String TEXT_MASK = "text/mask";

  /** float32 [B, R, F]: region features, zero for padding regions. */
  public static final String IMAGE_FEATURES = "image/features";

  /** float32 [B, R, 5]: normalized x1, y1, x2, y2, area per region. */
  public static final String IMAGE_BOXES = "image/boxes";

  /** float32 [B, R]: 1 for real regions, 0 for padding. The [IMG] token is always attended. */
  public static final String IMAGE_MASK = "image/mask";

  /** int32 [B, T]: the masked-LM input: token ids after masking. */
  public static final String MLM_TOKEN_IDS = "mlm/token_ids";

  /** float32 [B, T]: padding mask of the masked-LM input. */
  public static final String MLM_MASK = "mlm/mask";

  /** int32 [B, P]: positions of the predicted subwords in the sequence. */
  public static final String MLM_POSITIONS = "mlm/positions";

  /** int32 [B, P]: the original subword ids at those positions. */
  public static final String MLM_LABELS = "mlm/labels";

  /** float32 [B, P]: 1 for real predictions, 0 for padding. */
  public static final String MLM_WEIGHTS = "mlm/weights";

  /** int32 [B, T]: the seq2seq LM input, {@code [CLS] source target [SEP]} padded. */
  public static final String S2S_TOKEN_IDS = "s2s/token_ids";

  /** float32 [B, T]: padding mask of the seq2seq input. */
  public static final String S2S_MASK = "s2s/mask";

  /**
   * float32 [B, T]: 0 for source tokens (attend bidirectionally among the source), 1 for target
   * tokens (attend to the source and causally to the target). All 1 is a left-to-right LM; all 0
   * the bidirectional mask.
   */
  public static final String S2S_SEGMENT = "s2s/segment";

  /** int32 [B, T]: at each position, the next token to predict. */
  public static final String S2S_LABELS = "s2s/labels";

  /** float32 [B, T]: 1 where the next token is a target token and counts. */
  public static final String S2S_WEIGHTS = "s2s/weights";

  /**
   * int32 [B, T]: the pair masked-LM input, the caption of {@link #IMAGE_FEATURES}' image after
   * masking; its padding mask is {@link #TEXT_MASK}.
   */
  public static final String PAIR_MLM_TOKEN_IDS = "pair_mlm/token_ids";

  /** int32 [B, P]: positions of the predicted caption subwords. */
  public static final String PAIR_MLM_POSITIONS = "pair_mlm/positions";

  /** int32 [B, P]: the original caption subwords at those positions. */
  public static final String PAIR_MLM_LABELS = "pair_mlm/labels";

  /** float32 [B, P]: 1 for real predictions. */
  public static final String PAIR_MLM_WEIGHTS = "pair_mlm/weights";

  /** int32 [B, T]: caption generation's next-token labels for {@link #TEXT_TOKEN_IDS}. */
  public static final String CAPTION_LABELS = "caption/labels";

  /** float32 [B, T]: 1 where the next caption token counts. */
  public static final String CAPTION_WEIGHTS = "caption/weights";

  /** float32 [B, R, F]: masked-region-modeling input features, masked regions zeroed. */
  public static final String MRM_FEATURES = "mrm/features";

  /** float32 [B, R, 5]: boxes of the masked-region-modeling input (never masked). */
  public static final String MRM_BOXES = "mrm/boxes";

  /** float32 [B, R]: 1 for real regions, 0 for padding. */
  public static final String MRM_MASK = "mrm/mask";

  /** float32 [B, R]: 1 for the masked regions whose features and classes are predicted. */
  public static final String MRM_MASKED = "mrm/masked";

  /** float32 [B, R, F]: the original features of every region (the MRFR target). */
  public static final String MRM_TARGET_FEATURES = "mrm/target_features";

  /** float32 [B, R, C]: the detector's class distribution of every region (the MRC target). */
  public static final String MRM_TARGET_CLASSES = "mrm/target_classes";

  /** float32 [B, H]: L2-normalized text representation, without dropout. */
  public static final String TEXT_EMBEDDING = "embed_text/embedding";

  /** float32 [B, H]: L2-normalized image representation, without dropout. */
  public static final String IMAGE_EMBEDDING = "embed_image/embedding";

  /** float32 [B_text, B_image]: cosine similarity of every text with every image. */
  public static final String SCORES = "score/scores";

  /** float32 scalar: masked-LM loss of the step. */
  public static final String LOSS_MLM = "loss/mlm";

  /** float32 scalar: CMCL loss of the step. */
  public static final String LOSS_CMCL = "loss/cmcl";

  /** float32 scalar: masked LM on image-text pairs. */
  public static final String LOSS_PAIR_MLM = "loss/pair_mlm";

  /** float32 scalar: caption generation from the image. */
  public static final String LOSS_CAPTION = "loss/caption_generation";

  /** float32 scalar: seq2seq LM loss of the step. */
  public static final String LOSS_SEQ2SEQ = "loss/seq2seq";

  /** float32 scalar: masked region feature regression loss of the step. */
  public static final String LOSS_MRFR = "loss/mrfr";

  /** float32 scalar: masked region classification loss of the step. */
  public static final String LOSS_MRC = "loss/mrc";

  /** float32 scalar: the CMCL temperature of the step (fixed, or learned). */
  public static final String CMCL_TEMPERATURE = "cmcl/temperature";

  /**
   * CMCL sample sets: {@code cmcl_samples/positive_texts/}, {@code negative_texts/} ({@code
   * token_ids} and {@code mask} [B * K, L], {@code valid} [B, K]) and {@code positive_images/}
   * ({@code features}, {@code boxes}, {@code mask} [B * K, R, ...], {@code valid} [B, K]); K per
   * {@link CmclSampleCounts}. Sample k of pair b is row {@code b * K + k}; {@code valid} is 0 for
   * the slots a pair has no sample for.
   */
  public static final String CMCL_SAMPLES = "cmcl_samples";

  /** float32 scalar: weighted sum of the declared losses. */
  public static final String LOSS_TOTAL = "loss/total";

  /** float32 scalar: the learning rate used by the step. */
  public static final String LEARNING_RATE = "optimizer/learning_rate";

  /** float32 scalar: global gradient norm before clipping. */
  public static final String GRADIENT_NORM = "optimizer/gradient_norm";

  /**
   * FP16 only, float32 scalar: the loss scale the step multiplied the loss by (a snapshot of the
   * variable {@code optimizer/loss_scale}, which the step then updates).
   */
  public static final String LOSS_SCALE = "optimizer/loss_scale_used";

  /** With {@code training.mix} and FP16: the loss scale {@code kind}'s step used. */
  public static String lossScale(DataKind kind) {
    return LOSS_SCALE + "_" + kind.id();
  }

  /**
   * FP16 only, float32 scalar: 1 when the step found a non-finite gradient and was skipped (no
   * variable or slot changed, the loss scale halved), else 0.
   */
  public static final String STEP_SKIPPED = "optimizer/step_skipped";

  /** With {@code training.mix} and FP16: whether {@code kind}'s step was skipped. */
  public static String stepSkipped(DataKind kind) {
    return STEP_SKIPPED + "_" + kind.id();
  }

  /** int64 scalar variable: steps taken so far. */
  public static final String GLOBAL_STEP = "global_step";

  /** The op that runs one optimizer step on every objective. */
  public static final String TRAIN_OP = "train/step";

  /** With {@code training.mix}: the op that runs one step on {@code kind}'s objectives only. */
  public static String trainOp(DataKind kind) {
    return TRAIN_OP + "_" + kind.id();
  }

  /** With {@code training.mix}: the weighted sum of {@code kind}'s losses. */
  public static String totalLoss(DataKind kind) {
    return LOSS_TOTAL + "_" + kind.id();
  }

  /** With {@code training.mix}: the gradient norm of {@code kind}'s step. */
  public static String gradientNorm(DataKind kind) {
    return GRADIENT_NORM + "_" + kind.id();
  }
}
