package org.unimo.dsl;

/**
 * Per pair of the batch, how many samples of each kind CMCL draws from the pair's sample set. A pair
 * with fewer samples of a kind masks the rest.
 *
 * @param backtranslations positive texts: back-translations of the caption
 * @param paraphrases positive texts: the caption with words replaced by WordNet synonyms
 * @param relatedTexts positive texts: sentences of the text corpus similar to the caption
 * @param relatedImages positive images: images whose regions' labels overlap the pair's
 * @param tfidfNegatives hard negative texts: captions of other images retrieved by TF-IDF
 * @param objectNegatives hard negative texts: one object of the scene graph replaced
 * @param attributeNegatives hard negative texts: one attribute replaced
 * @param relationNegatives hard negative texts: one relation replaced
 */
public record CmclSamplesSpec(
    int backtranslations,
    int paraphrases,
    int relatedTexts,
    int relatedImages,
    int tfidfNegatives,
    int objectNegatives,
    int attributeNegatives,
    int relationNegatives) {

  /** More samples per kind than this per pair would multiply the step's encoder passes beyond use. */
  static final int MAX_PER_KIND = 16;

  /** Positive texts per pair: back-translations, paraphrases and related texts. */
  public int positiveTexts() {
    return backtranslations + paraphrases + relatedTexts;
  }

  /** Hard negative texts per pair: TF-IDF, object, attribute and relation negatives. */
  public int negativeTexts() {
    return tfidfNegatives + objectNegatives + attributeNegatives + relationNegatives;
  }

  /** Whether no samples are drawn: in-batch CMCL. */
  public boolean none() {
    return positiveTexts() == 0 && relatedImages == 0 && negativeTexts() == 0;
  }

  void check(SpecChecks checks, String path) {
    count(checks, path + ".backtranslations", backtranslations);
    count(checks, path + ".paraphrases", paraphrases);
    count(checks, path + ".related_texts", relatedTexts);
    count(checks, path + ".related_images", relatedImages);
    count(checks, path + ".tfidf_negatives", tfidfNegatives);
    count(checks, path + ".object_negatives", objectNegatives);
    count(checks, path + ".attribute_negatives", attributeNegatives);
    count(checks, path + ".relation_negatives", relationNegatives);
  }

  private static void count(SpecChecks checks, String path, int count) {
    if (count < 0 || count > MAX_PER_KIND) {
      checks.problem(path, count + " is outside 0.." + MAX_PER_KIND);
    }
  }
}
