package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.CustomObjective;

/** Configures an objective registered by name: its weight, data kind and parameters. */
@SpecDsl
public final class CustomObjectiveBuilder {
  private final CustomObjective.Builder proto;

  CustomObjectiveBuilder(CustomObjective.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total (default 1). */
  public CustomObjectiveBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The kind of data it trains on (default TEXT); IMAGE and PAIR need an image input. */
  public CustomObjectiveBuilder data(DataKind kind) {
    proto.setData(ProtoEnums.toProto(requireNonNull(kind, "kind")));
    return this;
  }

  /** Sets the parameter {@code name}; a later value for the same name wins. */
  public CustomObjectiveBuilder param(String name, double value) {
    proto.putParams(requireNonNull(name, "name"), value);
    return this;
  }
}
