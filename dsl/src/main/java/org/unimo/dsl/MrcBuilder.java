package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.MaskedRegionClassification;

/** Configures masked region classification on images without text. */
@SpecDsl
public final class MrcBuilder {
  private final MaskedRegionClassification.Builder proto;

  MrcBuilder(MaskedRegionClassification.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public MrcBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Share of an image's regions masked (at least one); the same for MRFR when both are on. */
  public MrcBuilder rate(float rate) {
    proto.setRate(rate);
    return this;
  }

  /** SOFT: KL to the detector's distribution; HARD: cross-entropy against its top class. */
  public MrcBuilder target(MrcSpec.Target target) {
    proto.setTarget(ProtoEnums.toProto(requireNonNull(target, "target")));
    return this;
  }



  /** Number of detector classes. */
  public MrcBuilder classes(int classes) {
    proto.setClasses(classes);
    return this;
  }
}
