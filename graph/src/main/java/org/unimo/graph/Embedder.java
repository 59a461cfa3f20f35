package org.unimo.graph;

/**
 * Dropout-free embeddings from a trained model: a live one ({@link LiveModel}) or an exported one
 * (the savedmodels module's {@code Predictor}). Evaluation reads models through this.
 */
public interface Embedder {
  /** L2-normalized text embeddings [B, H], one row per text of {@code batch}. */
  float[][] embedTexts(TextBatch batch);

  /** L2-normalized image embeddings [B, H], one row per image of {@code batch}. */
  float[][] embedImages(ImageBatch batch);
}
