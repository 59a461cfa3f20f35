package org.unimo.dsl;

/**
 * UniLM-style generation on the text corpus: next-subword prediction under an attention mask.
 *
 * @param weight weight of the loss in the total
 * @param attention which attention mask
 */
public record Seq2SeqSpec(float weight, Attention attention) implements ObjectiveSpec {
  static final String PATH = "objectives.seq2seq";

  /** The attention mask of seq2seq generation. (The third UniLM mask, bidirectional, is masked LM's.) */
  public enum Attention {
    /**
     * Each sentence split at a random point: the source attends bidirectionally within itself, the
     * target attends to the source and causally to itself; the target is predicted (the default).
     */
    SEQ2SEQ,
    /** Every token attends to itself and those before it; every next token is predicted. */
    LEFT_TO_RIGHT
  }

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "seq2seq";
  }

  @Override
  public DataKind data() {
    return DataKind.TEXT;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {}
}
