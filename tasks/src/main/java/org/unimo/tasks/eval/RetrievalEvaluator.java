package org.unimo.tasks.eval;

import java.util.ArrayList;
import java.util.List;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.Embedder;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.data.Scene;

/**
 * Image-text retrieval on held-out scenes with a trained model (live or exported, through {@link
 * Embedder}): each scene's first caption is the
 * text query for its image, every other scene's image (or caption) a distractor.
 */
public final class RetrievalEvaluator {
  private static final int BATCH = 64;

  private final ModelSpec spec;
  private final Tokenizer tokenizer;
  private final List<String> queries;
  private final List<ImageRegions> images;

  public RetrievalEvaluator(ModelSpec spec, Tokenizer tokenizer, List<Scene> scenes) {
    this(spec, tokenizer, scenes.stream().map(s -> s.captions().get(0)).toList(),
        scenes.stream().map(s -> new ImageRegions(s.features(), s.boxes())).toList());
  }

  private RetrievalEvaluator(ModelSpec spec, Tokenizer tokenizer, List<String> queries, List<ImageRegions> images) {
    this.spec = spec;
    this.tokenizer = tokenizer;
    this.queries = List.copyOf(queries);
    this.images = List.copyOf(images);
  }

  /**
   * Retrieval among a data source's held-out pairs (each image's first caption is its query).
   *
   * @throws IllegalArgumentException when there are none
   */
  public static RetrievalEvaluator of(ModelSpec spec, Tokenizer tokenizer, List<DataSource.PairExample> heldout) {
    if (heldout.isEmpty()) {
      throw new IllegalArgumentException("the data has no held-out pairs to evaluate retrieval on");
    }
    return new RetrievalEvaluator(
        spec, tokenizer, heldout.stream().map(p -> p.captions().get(0)).toList(), heldout.stream().map(DataSource.PairExample::image).toList());
  }

  public List<String> queries() {
    return queries;
  }

  public List<ImageRegions> images() {
    return images;
  }

  /** Dropout-free text embeddings of the queries. */
  public float[][] textEmbeddings(Embedder model) {
    return textEmbeddings(model, queries());
  }

  /** Dropout-free embeddings of {@code texts}. */
  public float[][] textEmbeddings(Embedder model, List<String> texts) {
    List<float[]> rows = new ArrayList<>();
    for (int start = 0; start < texts.size(); start += BATCH) {
      TextBatch batch =
          TextBatch.encode(
              tokenizer,
              texts.subList(start, Math.min(texts.size(), start + BATCH)),
              spec.text().maxLength());
      rows.addAll(List.of(model.embedTexts(batch)));
    }
    return rows.toArray(float[][]::new);
  }

  /** Dropout-free image embeddings. */
  public float[][] imageEmbeddings(Embedder model) {
    ImageSpec config = spec.image().orElseThrow(() -> new IllegalArgumentException("image: retrieval needs an image input"));
    List<ImageRegions> images = images();
    List<float[]> rows = new ArrayList<>();
    for (int start = 0; start < images.size(); start += BATCH) {
      ImageBatch batch = ImageBatch.of(images.subList(start, Math.min(images.size(), start + BATCH)), config);
      rows.addAll(List.of(model.embedImages(batch)));
    }
    return rows.toArray(float[][]::new);
  }

  public Recall evaluate(Embedder model) {
    return Recall.atOne(similarities(textEmbeddings(model), imageEmbeddings(model)));
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
