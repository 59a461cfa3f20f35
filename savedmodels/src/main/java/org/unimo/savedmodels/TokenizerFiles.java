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
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * Where a model's tokenizer lives next to the model (in a run directory, and in an export's {@code
 * assets.extra/}): a trained byte-level BPE as its merges file ({@value #BPE_FILE}); a WordPiece as
 * its vocabulary ({@value #VOCAB_FILE}, BERT's format; whether it lower-cases is {@code
 * text.tokenizer.lower_case} in the spec beside it); GPT-2's vocabulary needs no file (it ships in
 * the jtokkit jar). {@link #fileNames} says which, so callers need not name them.
 */
public final class TokenizerFiles {
  /** The merges file of a trained byte-level BPE, relative to a model or run directory. */
  public static final String BPE_FILE = "tokenizer.bpe";

  /** The vocabulary of a WordPiece, one token per line, relative to a model or run directory. */
  public static final String VOCAB_FILE = "vocab.txt";

  private TokenizerFiles() {}

  /**
   * The files, relative to a model or run directory, that hold the tokenizer of a model of {@code
   * spec}: {@code [tokenizer.bpe]} for BYTE_BPE, {@code [vocab.txt]} for WORDPIECE, none for
   * GPT2_R50K.
   */
  public static List<String> fileNames(ModelSpec spec) {
    return fileNames(spec.text().tokenizer());
  }

  /** {@link #fileNames(ModelSpec)} by tokenizer kind. */
  public static List<String> fileNames(TokenizerKind kind) {
    return switch (kind) {
      case BYTE_BPE -> List.of(BPE_FILE);
      case GPT2_R50K -> List.of();
      case WORDPIECE -> List.of(VOCAB_FILE);
    };
  }

  /**
   * The tokenizer {@code spec} declares, made anew: GPT-2's vocabulary, or a byte-level BPE
   * trained (deterministically) on {@code corpus}. The one place besides {@link #read} that turns
   * a {@code text.tokenizer} into a tokenizer.
   *
   * @throws IllegalArgumentException for WORDPIECE: its vocabulary comes with the checkpoint it
   *     was trained with, it is not made from a corpus
   */
  public static Tokenizer build(ModelSpec spec, List<String> corpus) {
    return switch (spec.text().tokenizer()) {
      case GPT2_R50K -> Gpt2Tokenizer.load();
      case BYTE_BPE -> ByteLevelBpe.train(corpus, spec.text().vocabSize());
      case WORDPIECE ->
          throw new IllegalArgumentException(
              "text.tokenizer.kind: WORDPIECE comes with an imported checkpoint; start from it with"
                  + " --init DIR (unimo import)");
    };
  }

  /**
   * Writes what {@link #read} needs to restore {@code tokenizer} into {@code dir}: the files of
   * {@link #fileNames}, each written atomically.
   *
   * @throws IllegalArgumentException for a tokenizer of another kind
   */
  public static void write(Tokenizer tokenizer, Path dir) throws IOException {
    if (tokenizer instanceof ByteLevelBpe bpe) {
      bpe.write(dir.resolve(BPE_FILE));
    } else if (tokenizer instanceof WordPiece wordPiece) {
      wordPiece.write(dir.resolve(VOCAB_FILE));
    } else if (!(tokenizer instanceof Gpt2Tokenizer)) {
      throw new IllegalArgumentException("cannot store a " + tokenizer.kind() + " tokenizer");
    }
  }

  /**
   * Restores the tokenizer of {@code spec} from {@code dir}.
   *
   * @throws IOException naming the file when it is missing or malformed, or when it holds more ids
   *     than the spec's {@code text.tokenizer.vocab_size}
   */
  public static Tokenizer read(ModelSpec spec, Path dir) throws IOException {
    TokenizerKind kind = spec.text().tokenizer();
    Tokenizer tokenizer =
        switch (kind) {
          case GPT2_R50K -> Gpt2Tokenizer.load();
          case BYTE_BPE -> ByteLevelBpe.read(existing(dir.resolve(BPE_FILE), kind, "its merges"));
          case WORDPIECE -> {
            Path file = existing(dir.resolve(VOCAB_FILE), kind, "its vocabulary");
            yield WordPiece.read(file, spec.text().lowerCase());
          }
        };
    int declared = spec.text().vocabSize();
    if (tokenizer.vocabSize() > declared) {
      List<String> files = fileNames(kind);
      throw new IOException(
          (files.isEmpty() ? dir : dir.resolve(files.get(0)))
              + ": "
              + tokenizer.vocabSize()
              + " ids, more than text.tokenizer.vocab_size ("
              + declared
              + ")");
    }
    return tokenizer;
  }

  private static Path existing(Path file, TokenizerKind kind, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": missing; a " + kind + " model keeps " + what + " there");
    }
    return file;
  }
}
