package org.unimo.dsl;

import org.unimo.dsl.proto.ShapesWorld;

/** Configures the embedded shapes-world data set (generated from the spec's seed). */
@SpecDsl
public final class ShapesWorldBuilder {
  private final ShapesWorld.Builder proto;

  ShapesWorldBuilder(ShapesWorld.Builder proto) {
    this.proto = proto;
  }

  public ShapesWorldBuilder trainScenes(int scenes) {
    proto.setTrainScenes(scenes);
    return this;
  }

  /** Scenes kept out of training, for retrieval evaluation. */
  public ShapesWorldBuilder heldoutScenes(int scenes) {
    proto.setHeldoutScenes(scenes);
    return this;
  }

  public ShapesWorldBuilder imageOnlyScenes(int scenes) {
    proto.setImageOnlyScenes(scenes);
    return this;
  }

  public ShapesWorldBuilder captionsPerScene(int captions) {
    proto.setCaptionsPerScene(captions);
    return this;
  }

  /** WordNet 3.1 glosses added to the text corpus as real English. */
  public ShapesWorldBuilder wordnetGlosses(int glosses) {
    proto.setWordnetGlosses(glosses);
    return this;
  }
}
