package org.unimo.dsl;

/**
 * A declared objective or head of a spec, as model code reads it: its path in the spec, the name
 * of its loss and metrics, its weight in the total loss and the kind of data it trains on.
 *
 * <pre>{@code
 * for (ObjectiveSpec objective : spec.objectives().declared()) {
 *   if (objective instanceof MaskedLmSpec mlm) {
 *     ... mlm.masking().rate() ...
 *   }
 * }
 * }</pre>
 */
public sealed interface ObjectiveSpec
    permits MaskedLmSpec,
        CmclSpec,
        MrfrSpec,
        MrcSpec,
        Seq2SeqSpec,
        PairMlmSpec,
        CaptionGenerationSpec,
        CustomObjectiveSpec,
        HeadSpec {

  /**
   * Where the objective is declared, the prefix of its problems' paths: {@code
   * objectives.masked_lm}, {@code objectives.custom[NAME]}, {@code heads[NAME]}.
   */
  String path();

  /**
   * The name of its loss and metrics: {@code mlm} for masked LM, {@code seq2seq}, {@code mrfr},
   * {@code mrc}, {@code cmcl}, {@code pair_mlm}, {@code caption_generation}; a custom objective's
   * or a head's own name.
   */
  String name();

  /** Weight of its loss in the total. */
  float weight();

  /** The kind of data it trains on. */
  DataKind data();

  /**
   * Reports what is wrong with its own section to {@code checks}, comparing with the sections of
   * {@code context} where it must. Rules every objective shares (a weight that is not negative, an
   * image input for image and pair data, the data mix) are the validator's.
   */
  void check(SpecChecks checks, SpecContext context);
}
