package org.unimo.tasks.eval;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.graph.Feeds;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Names;
import org.unimo.graph.Outputs;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.Scene;

/**
 * Image-text retrieval on held-out scenes with a live session: each scene's first caption is the
 * text query for its image, every other scene's image (or caption) a distractor.
 */
public final class RetrievalEvaluator {
  private static final int BATCH = 64;

  private final ModelSpecProto spec;
  private final Tokenizer tokenizer;
  private final List<Scene> scenes;

  public RetrievalEvaluator(ModelSpecProto spec, Tokenizer tokenizer, List<Scene> scenes) {
    this.spec = spec;
    this.tokenizer = tokenizer;
    this.scenes = List.copyOf(scenes);
  }

  public List<String> queries() {
    return scenes.stream().map(s -> s.captions().get(0)).toList();
  }

  public List<ImageRegions> images() {
    return scenes.stream().map(s -> new ImageRegions(s.features(), s.boxes())).toList();
  }

  /** Dropout-free text embeddings of the queries, from the session's inference outputs. */
  public float[][] textEmbeddings(Session session) {
    return textEmbeddings(session, queries());
  }

  /** Dropout-free embeddings of {@code texts}, from the session's inference outputs. */
  public float[][] textEmbeddings(Session session, List<String> texts) {
    List<float[]> rows = new ArrayList<>();
    for (int start = 0; start < texts.size(); start += BATCH) {
      TextBatch batch =
          TextBatch.encode(
              tokenizer,
              texts.subList(start, Math.min(texts.size(), start + BATCH)),
              spec.getText().getMaxLength());
      try (Feeds feeds = new Feeds();
          Result result = batch.feed(session.runner(), feeds).fetch(Names.TEXT_EMBEDDING).run()) {
        rows.addAll(List.of(Outputs.matrix(result.get(0))));
      }
    }
    return rows.toArray(float[][]::new);
  }

  /** Dropout-free image embeddings, from the session's inference outputs. */
  public float[][] imageEmbeddings(Session session) {
    ImageInput config = spec.getImage();
    List<ImageRegions> images = images();
    List<float[]> rows = new ArrayList<>();
    for (int start = 0; start < images.size(); start += BATCH) {
      ImageBatch batch =
          ImageBatch.of(
              images.subList(start, Math.min(images.size(), start + BATCH)),
              config.getMaxRegions(),
              config.getFeatureSize(),
              config.getBoxFeatures());
      try (Feeds feeds = new Feeds();
          Result result = batch.feed(session.runner(), feeds).fetch(Names.IMAGE_EMBEDDING).run()) {
        rows.addAll(List.of(Outputs.matrix(result.get(0))));
      }
    }
    return rows.toArray(float[][]::new);
  }

  public Recall evaluate(Session session) {
    return Recall.atOne(similarities(textEmbeddings(session), imageEmbeddings(session)));
  }

  /** {@code texts @ images^T}: cosine similarities of unit vectors. */
  public static float[][] similarities(float[][] texts, float[][] images) {
    float[][] scores = new float[texts.length][images.length];
    for (int t = 0; t < texts.length; t++) {
      for (int i = 0; i < images.length; i++) {
        float dot = 0;
        for (int k = 0; k < texts[t].length; k++) {
          dot += texts[t][k] * images[i][k];
        }
        scores[t][i] = dot;
      }
    }
    return scores;
  }
}
