package org.unimo.tasks.imports;

import java.io.IOException;
import java.nio.file.Path;
import org.unimo.savedmodels.ModelExporter;
import java.util.List;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.Embedder;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.TextBatch;

/**
 * An imported encoder compiled by the toolkit and loaded with its weights, for inference: the
 * toolkit's own graph computing what the original model computes.
 *
 * <pre>{@code
 * try (ImportedModel model = ImportedModel.open(ImportDir.read(Path.of("models/minilm")))) {
 *   float[][] vectors = model.embed(List.of("A man is riding a horse."));
 * }
 * }</pre>
 */
public final class ImportedModel implements Embedder, AutoCloseable {
  private final ImportDir source;
  private final CompiledModel compiled;
  private final LiveModel live;

  private ImportedModel(ImportDir source, CompiledModel compiled, LiveModel live) {
    this.source = source;
    this.compiled = compiled;
    this.live = live;
  }

  /** Compiles the import's encoder-only spec for inference and loads its weights. */
  public static ImportedModel open(ImportDir source) throws IOException {
    CompiledModel compiled = ModelCompiler.compile(source.spec(), CompileOptions.inference());
    LiveModel live = LiveModel.open(compiled);
    try {
      // The import may hold a pooler its spec's pooling does not use (PLAIN_MEAN).
      live.loadAvailable(source.weights());
      return new ImportedModel(source, compiled, live);
    } catch (IOException | RuntimeException e) {
      live.close();
      compiled.close();
      throw e;
    }
  }

  public ImportDir source() {
    return source;
  }

  /** Tokenizes {@code texts} as the import's spec says (its tokenizer, {@code text.max_length}). */
  public TextBatch tokenize(List<String> texts) {
    return TextBatch.encode(source.tokenizer(), texts, source.spec().text().maxLength());
  }

  /** Pooled ({@code encoder.pooling}), L2-normalized embeddings, one row per text. */
  public float[][] embed(List<String> texts) {
    return embedTexts(tokenize(texts));
  }

  @Override
  public float[][] embedTexts(TextBatch batch) {
    return live.embedTexts(batch);
  }

  @Override
  public float[][] embedImages(ImageBatch batch) {
    throw new UnsupportedOperationException("an imported text encoder has no image input");
  }

  /** The encoder's last hidden states [B, T, H]. */
  public float[][][] encode(TextBatch batch) {
    return live.encodeTexts(batch);
  }

  /**
   * Exports the encoder as a SavedModel with its spec and tokenizer, served like any export
   * ({@code Predictor}, {@code unimo embed --model DIR}); see {@link ModelExporter#export}.
   */
  public Path export(Path dir) throws IOException {
    return ModelExporter.export(live, source.tokenizer(), dir);
  }

  @Override
  public void close() {
    live.close();
    compiled.close();
  }
}
