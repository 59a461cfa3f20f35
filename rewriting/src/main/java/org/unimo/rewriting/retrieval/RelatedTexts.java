package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * Positive texts for CMCL: the sentences of a text-only corpus most similar to a caption by TF-IDF
 * (same analysis and scoring as {@link TfidfMiner}; see the package documentation).
 *
 * <pre>{@code
 * try (RelatedTexts texts = RelatedTexts.index(sentences.iterator(), null)) {
 *   List<Sample> positives = texts.related("A man rides a horse on the beach.", 3);
 *   // [Sample[kind=TEXT, value=A man rode his horse along the beach at dawn., source=text 812, score 0.734], ...]
 * }
 * }</pre>
 *
 * <p>Sentences that are exact duplicates of the caption ({@link TfidfIndex#normalize}) are left
 * out; equal scores go to the earlier sentence. {@link #related} is thread-safe.
 */
public final class RelatedTexts implements AutoCloseable {
  private final TfidfIndex index;

  private RelatedTexts(TfidfIndex index) {
    this.index = index;
  }

  /**
   * Indexes {@code sentences}, reading each once.
   *
   * @param workDirectory where to keep the index files (see {@link TfidfMiner.Builder#workDirectory});
   *     {@code null} for the heap
   */
  public static RelatedTexts index(Iterator<String> sentences, @Nullable Path workDirectory) {
    requireNonNull(sentences, "sentences");
    TfidfIndex.Writer writer = TfidfIndex.writer(new CaptionAnalyzer(), workDirectory);
    try {
      while (sentences.hasNext()) {
        writer.add(List.of(requireNonNull(sentences.next(), "sentence")), null);
      }
      return new RelatedTexts(writer.finish());
    } catch (RuntimeException | Error e) {
      writer.close();
      throw e;
    }
  }

  /** The number of sentences. */
  public int size() {
    return index.size();
  }

  /**
   * Up to {@code k} sentences most similar to {@code caption}, best first, as {@link
   * SampleKind#TEXT} samples with sources like "text 812, score 0.734" (812: the sentence's
   * position in the corpus, from 0). Fewer if fewer sentences share a term with the caption.
   */
  public List<Sample> related(String caption, int k) {
    requireNonNull(caption, "caption");
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, was " + k);
    }
    List<Sample> samples = new ArrayList<>();
    for (Hit hit : index.search(List.of(caption), k, -1, caption)) {
      StringBuilder source = new StringBuilder("text ").append(hit.doc()).append(", score ");
      samples.add(
          new Sample(SampleKind.TEXT, index.text(hit.doc()), Scores.appendScore(source, hit.score()).toString()));
    }
    return samples;
  }

  @Override
  public void close() {
    index.close();
  }
}
