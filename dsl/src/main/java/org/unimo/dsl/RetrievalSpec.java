package org.unimo.dsl;

/**
 * A head that fine-tunes image-text retrieval: texts and images are embedded separately (as CMCL
 * and the export's {@code score} signature embed them), and each text of the batch is contrasted
 * with every image of the batch and each image with every text, by cosine similarity over {@code
 * temperature}. Another caption of a pair's own image is not counted as a negative.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param labels the data source's label set of captioned images, e.g. {@code coco}
 * @param temperature the softmax temperature, positive
 */
public record RetrievalSpec(String name, float weight, String labels, float temperature) implements HeadSpec {
  /** Served as {@code retrieve_NAME}. */
  @Override
  public String verb() {
    return "retrieve";
  }

  @Override
  public String output() {
    return "scores";
  }

  @Override
  public String path() {
    return "heads[" + name + "]";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    String path = path() + ".retrieval";
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's label set of captioned images, e.g. \"coco\"");
    }
    checks.positive(path + ".temperature", temperature);
  }
}
