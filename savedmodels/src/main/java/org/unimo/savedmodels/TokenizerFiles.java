package org.unimo.savedmodels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TokenizerKind;
import org.unimo.rewriting.tokenizer.ByteLevelBpe;
import org.unimo.rewriting.tokenizer.Gpt2Tokenizer;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Where a model's tokenizer lives next to the model: a trained byte-level BPE as its merges file;
 * GPT-2's vocabulary needs no file (it ships in the jtokkit jar).
 */
public final class TokenizerFiles {
  /** The merges file of a trained byte-level BPE, relative to a model or run directory. */
  public static final String BPE_FILE = "tokenizer.bpe";

  private TokenizerFiles() {}

  /**
   * The tokenizer {@code spec} declares, made anew: GPT-2's vocabulary, or a byte-level BPE
   * trained (deterministically) on {@code corpus}. The one place besides {@link #read} that turns
   * a {@code text.tokenizer} into a tokenizer.
   */
  public static Tokenizer build(ModelSpec spec, List<String> corpus) {
    return switch (spec.text().tokenizer()) {
      case GPT2_R50K -> Gpt2Tokenizer.load();
      case BYTE_BPE -> ByteLevelBpe.train(corpus, spec.text().vocabSize());
    };
  }

  /** Writes what {@link #read} needs to restore {@code tokenizer} into {@code dir}. */
  public static void write(Tokenizer tokenizer, Path dir) throws IOException {
    if (tokenizer instanceof ByteLevelBpe bpe) {
      bpe.write(dir.resolve(BPE_FILE));
    } else if (!(tokenizer instanceof Gpt2Tokenizer)) {
      throw new IllegalArgumentException("cannot store a " + tokenizer.kind() + " tokenizer");
    }
  }

  /**
   * Restores the tokenizer of {@code spec} from {@code dir}.
   *
   * @throws IOException naming the file when it is missing or malformed, or when its vocabulary
   *     size differs from the spec's
   */
  public static Tokenizer read(ModelSpec spec, Path dir) throws IOException {
    TokenizerKind kind = spec.text().tokenizer();
    Tokenizer tokenizer =
        switch (kind) {
          case GPT2_R50K -> Gpt2Tokenizer.load();
          case BYTE_BPE -> {
            Path file = dir.resolve(BPE_FILE);
            if (!Files.isRegularFile(file)) {
              throw new IOException(file + ": missing; a BYTE_BPE model keeps its merges there");
            }
            yield ByteLevelBpe.read(file);
          }
        };
    int declared = spec.text().vocabSize();
    if (tokenizer.vocabSize() > declared) {
      throw new IOException(
          dir.resolve(BPE_FILE)
              + ": "
              + tokenizer.vocabSize()
              + " ids, more than text.tokenizer.vocab_size ("
              + declared
              + ")");
    }
    return tokenizer;
  }
}
