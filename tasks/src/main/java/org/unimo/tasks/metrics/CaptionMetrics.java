package org.unimo.tasks.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The COCO caption evaluation from raw captions: {@link PtbTokenizer} over all references (image by
 * image, each image's in file order) and, separately, over all candidates, as {@code
 * COCOEvalCap.evaluate} does, then {@link Bleu}, {@link CiderD} and {@link RougeL}.
 *
 * <pre>{@code
 * CaptionMetrics.Result r = CaptionMetrics.score(examples);   // r.bleu().bleu(4), r.cider(), r.rougeL()
 * }</pre>
 */
public final class CaptionMetrics {
  private CaptionMetrics() {}

  /** The scores and the tokenized captions they were computed from. */
  public record Result(Bleu.Result bleu, double cider, double rougeL, List<CaptionExample> tokenized) {}

  /** @param examples raw captions, in the order the evaluation lists the images */
  public static Result score(List<CaptionExample> examples) {
    List<CaptionExample> tokenized = tokenize(examples);
    return new Result(Bleu.score(tokenized), CiderD.score(tokenized), RougeL.score(tokenized), tokenized);
  }

  static List<CaptionExample> tokenize(List<CaptionExample> examples) {
    List<String> references = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    for (CaptionExample e : examples) {
      references.addAll(e.references());
      candidates.add(e.candidate());
    }
    List<String> tokenizedReferences = PtbTokenizer.tokenize(references);
    List<String> tokenizedCandidates = PtbTokenizer.tokenize(candidates);
    List<CaptionExample> out = new ArrayList<>();
    int r = 0;
    for (int i = 0; i < examples.size(); i++) {
      CaptionExample e = examples.get(i);
      out.add(new CaptionExample(e.imageId(), tokenizedCandidates.get(i), tokenizedReferences.subList(r, r + e.references().size())));
      r += e.references().size();
    }
    return out;
  }
}
