package org.unimo.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pre-training objectives of a spec; each built-in one is present when declared.
 *
 * @param maskedLm masked LM on free text
 * @param cmcl cross-modal contrastive learning on pairs
 * @param mrfr masked region feature regression on images
 * @param mrc masked region classification on images
 * @param seq2seq UniLM-style generation on free text
 * @param pairMlm masked LM on the captions of pairs
 * @param captionGeneration caption generation on pairs
 * @param custom objectives registered by name, in declaration order
 */
public record ObjectivesSpec(
    Optional<MaskedLmSpec> maskedLm,
    Optional<CmclSpec> cmcl,
    Optional<MrfrSpec> mrfr,
    Optional<MrcSpec> mrc,
    Optional<Seq2SeqSpec> seq2seq,
    Optional<PairMlmSpec> pairMlm,
    Optional<CaptionGenerationSpec> captionGeneration,
    List<CustomObjectiveSpec> custom) {

  public ObjectivesSpec {
    custom = List.copyOf(custom);
  }

  /**
   * Every declared objective: the built-in ones in the schema's field order (masked_lm, cmcl, mrfr,
   * mrc, seq2seq, pair_mlm, caption_generation), then the custom ones in declaration order.
   */
  public List<ObjectiveSpec> declared() {
    List<ObjectiveSpec> all = new ArrayList<>();
    maskedLm.ifPresent(all::add);
    cmcl.ifPresent(all::add);
    mrfr.ifPresent(all::add);
    mrc.ifPresent(all::add);
    seq2seq.ifPresent(all::add);
    pairMlm.ifPresent(all::add);
    captionGeneration.ifPresent(all::add);
    all.addAll(custom);
    return List.copyOf(all);
  }

  /** The declared objectives that train on {@code kind}. */
  public List<ObjectiveSpec> on(DataKind kind) {
    return declared().stream().filter(o -> o.data() == kind).toList();
  }
}
