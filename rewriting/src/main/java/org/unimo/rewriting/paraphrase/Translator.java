package org.unimo.rewriting.paraphrase;

import java.util.List;

/**
 * Translates sentences from one language to another, a batch at a time.
 *
 * <pre>{@code
 * try (Translator enFr = SavedModelTranslator.load(Path.of("models/opus-mt-en-fr"))) {
 *   List<String> french = enFr.translate(List.of("a man rides a horse", "two dogs play"));
 * }
 * }</pre>
 *
 * <p>Implementations decide how to split a large batch; callers may pass any number of sentences.
 */
public interface Translator extends AutoCloseable {
  /**
   * The translations of {@code sentences}: one per sentence, in the same order. An empty list
   * gives an empty list.
   *
   * @throws IllegalStateException if the translator is closed or its model misbehaves (returns
   *     the wrong number of translations, for example)
   */
  List<String> translate(List<String> sentences);

  /**
   * Where the translations come from, for a reader of the samples' provenance: the model
   * directory of a {@link SavedModelTranslator}, for example. Never blank.
   */
  String name();

  /** Releases the model; later calls to {@link #translate} throw. Closing twice is harmless. */
  @Override
  void close();
}
