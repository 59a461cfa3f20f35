package org.unimo.dsl;
import java.util.*;
public record ObjectivesSpec(Optional<MaskedLmSpec> maskedLm, Optional<CmclSpec> cmcl, Optional<MrfrSpec> mrfr, Optional<MrcSpec> mrc, Optional<Seq2SeqSpec> seq2seq, Optional<PairMlmSpec> pairMlm, Optional<CaptionGenerationSpec> captionGeneration, List<CustomObjectiveSpec> custom) {
  public List<ObjectiveSpec> declared() {
    List<ObjectiveSpec> all = new ArrayList<>();
    maskedLm.ifPresent(all::add); cmcl.ifPresent(all::add); mrfr.ifPresent(all::add); mrc.ifPresent(all::add);
    seq2seq.ifPresent(all::add); pairMlm.ifPresent(all::add); captionGeneration.ifPresent(all::add); all.addAll(custom);
    return List.copyOf(all);
  }
}
