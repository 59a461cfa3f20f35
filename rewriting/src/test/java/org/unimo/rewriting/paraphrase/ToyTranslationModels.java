package org.unimo.rewriting.paraphrase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * Real SavedModels, built with TensorFlow string ops, that "translate" word by word from a fixed
 * dictionary: lower-case the text, then replace each dictionary word (whole words only) with its
 * entry. Small enough to export and load in a test in well under a second.
 */
final class ToyTranslationModels {
  /** English to a French-looking pivot. */
  static final Map<String, String> EN_FR =
      Map.ofEntries(
          Map.entry("a", "un"),
          Map.entry("man", "homme"),
          Map.entry("rides", "monte"),
          Map.entry("horse", "cheval"),
          Map.entry("on", "sur"),
          Map.entry("the", "le"),
          Map.entry("beach", "plage"),
          Map.entry("dog", "chien"),
          Map.entry("runs", "court"));

  /** Back to English, with two synonyms: the round trip is a genuine paraphrase. */
  static final Map<String, String> FR_EN =
      Map.ofEntries(
          Map.entry("un", "a"),
          Map.entry("homme", "man"),
          Map.entry("monte", "rides"),
          Map.entry("cheval", "steed"),
          Map.entry("sur", "on"),
          Map.entry("le", "the"),
          Map.entry("plage", "shore"),
          Map.entry("chien", "dog"),
          Map.entry("court", "runs"));

  private ToyTranslationModels() {}

  /** Exports a dictionary translator under the contract's signature, input and output names. */
  static Path dictionary(Path dir, Map<String, String> words) throws IOException {
    return dictionary(
        dir, words, SavedModelTranslator.SIGNATURE, SavedModelTranslator.INPUT,
        SavedModelTranslator.OUTPUT);
  }

  /** Exports a dictionary translator with the names given, to test a model that does not fit. */
  static Path dictionary(
      Path dir, Map<String, String> words, String signature, String input, String output)
      throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> text =
          tf.withName("text").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TString> translated = tf.strings.lower(text);
      // The dictionaries never map a word to another of their own source words, so the order of
      // the replacements does not matter.
      for (Map.Entry<String, String> entry : words.entrySet()) {
        translated =
            tf.strings.staticRegexReplace(
                translated, "\\b" + Pattern.quote(entry.getKey()) + "\\b", entry.getValue());
      }
      Operand<TString> translation = tf.withName("translation").identity(translated);
      export(dir, session, Signature.builder().key(signature).input(input, text)
          .output(output, translation).build());
    }
    return dir;
  }

  /** Echoes each sentence followed by "#" and the size of the batch it arrived in. */
  static Path batchSizeEcho(Path dir) throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> text = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TString> size = tf.dtypes.asString(tf.size(text, TInt32.class));
      Operand<TString> echo =
          tf.strings.join(java.util.List.of(text, tf.constant("#"), size));
      export(dir, session, Signature.builder().key(SavedModelTranslator.SIGNATURE)
          .input(SavedModelTranslator.INPUT, text).output(SavedModelTranslator.OUTPUT, echo)
          .build());
    }
    return dir;
  }

  /** A model whose output is the length of each sentence: DT_INT32, not DT_STRING. */
  static Path lengths(Path dir) throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> text = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      export(dir, session, Signature.builder().key(SavedModelTranslator.SIGNATURE)
          .input(SavedModelTranslator.INPUT, text)
          .output(SavedModelTranslator.OUTPUT, tf.strings.stringLength(text)).build());
    }
    return dir;
  }

  /** Exports a dictionary translator that fits the contract except for its tag. */
  static Path tagged(Path dir, String tag) throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> text = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      SavedModelBundle.exporter(dir.toString())
          .withTags(tag)
          .withFunction(SessionFunction.create(Signature.builder()
              .key(SavedModelTranslator.SIGNATURE).input(SavedModelTranslator.INPUT, text)
              .output(SavedModelTranslator.OUTPUT, tf.strings.lower(text)).build(), session))
          .export();
    }
    return dir;
  }

  private static void export(Path dir, Session session, Signature signature) throws IOException {
    SavedModelBundle.exporter(dir.toString())
        .withFunction(SessionFunction.create(signature, session))
        .export();
  }
}
