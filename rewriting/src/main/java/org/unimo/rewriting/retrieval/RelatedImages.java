package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * Positive images for CMCL: the images whose regions' class labels overlap an image's most.
 *
 * <pre>{@code
 * try (RelatedImages images = RelatedImages.index(labeled.iterator(), null)) {
 *   List<Sample> positives = images.related("57", 3);
 *   // [Sample[kind=IMAGE, value=912, source=region labels, score 3.127], ...]
 * }
 * }</pre>
 *
 * <p>Similarity is TF-IDF over label multisets, scored as in the package documentation with each
 * label a term: a label counts by its number of regions (square-rooted on the candidate's side)
 * and by its rarity among images (idf, so "person" counts less than "giraffe"), and a candidate
 * with many regions is damped by the square root of its region count. This is the cosine of the
 * two TF-IDF vectors with the candidate's length approximated from its region count, not weighted
 * Jaccard. Images with no label in common never match; equal scores go to the image indexed first.
 * {@link #related} is thread-safe.
 */
public final class RelatedImages implements AutoCloseable {
  private final TfidfIndex index;

  private RelatedImages(TfidfIndex index) {
    this.index = index;
  }

  /**
   * Indexes {@code images}, reading each once.
   *
   * @param workDirectory where to keep the index files (see {@link TfidfMiner.Builder#workDirectory});
   *     {@code null} for the heap
   * @throws IllegalArgumentException naming the id if two images have the same id
   */
  public static RelatedImages index(Iterator<LabeledImage> images, @Nullable Path workDirectory) {
    requireNonNull(images, "images");
    // Each label is one term, whatever its spelling ("traffic light", "17").
    TfidfIndex.Writer writer = TfidfIndex.writer(new KeywordAnalyzer(), workDirectory);
    try {
      while (images.hasNext()) {
        LabeledImage image = requireNonNull(images.next(), "image");
        int doc = writer.add(image.labels(), image.imageId());
        if (writer.groupSize(image.imageId()) > 1) {
          throw new IllegalArgumentException(
              "image " + image.imageId() + " is listed twice (again as entry " + doc + ")");
        }
      }
      return new RelatedImages(writer.finish());
    } catch (RuntimeException | Error e) {
      writer.close();
      throw e;
    }
  }

  /** The number of images. */
  public int size() {
    return index.size();
  }

  /**
   * Up to {@code k} other indexed images most related to the indexed image {@code imageId}, best
   * first, as {@link SampleKind#IMAGE} samples whose value is the image id and whose source is like
   * "region labels, score 3.127".
   *
   * @throws IllegalArgumentException if no image has that id
   */
  public List<Sample> related(String imageId, int k) {
    int group = index.groupId(requireNonNull(imageId, "imageId"));
    if (group < 0) {
      throw new IllegalArgumentException("no image has the id " + imageId);
    }
    // One document per image: the group number is the document number.
    return samples(index.search(index.values(group), checkK(k), group, null));
  }

  /** Up to {@code k} indexed images most related to a new image with these region labels. */
  public List<Sample> related(LabeledImage image, int k) {
    return samples(index.search(image.labels(), checkK(k), index.groupId(image.imageId()), null));
  }

  private List<Sample> samples(List<Hit> hits) {
    List<Sample> samples = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      String source = Scores.appendScore(new StringBuilder("region labels, score "), hit.score()).toString();
      samples.add(new Sample(SampleKind.IMAGE, requireNonNull(index.group(hit.doc())), source));
    }
    return samples;
  }

  private static int checkK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, was " + k);
    }
    return k;
  }

  @Override
  public void close() {
    index.close();
  }
}
