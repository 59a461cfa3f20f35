package org.unimo.graph.objective;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unimo.dsl.CustomObjectiveSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.heads.classification.SequenceClassification;
import org.unimo.graph.objectives.caption.CaptionGeneration;
import org.unimo.graph.objectives.cmcl.Cmcl;
import org.unimo.graph.objectives.mlm.MaskedLm;
import org.unimo.graph.objectives.mrc.MaskedRegionClassification;
import org.unimo.graph.objectives.mrfr.MaskedRegionFeatureRegression;
import org.unimo.graph.objectives.pairmlm.PairMaskedLm;
import org.unimo.graph.objectives.seq2seq.Seq2SeqLm;

/**
 * The objectives and heads a compilation knows: the toolkit's own, plus any registered with {@link
 * #with}. Immutable.
 *
 * <pre>{@code
 * ObjectiveRegistry registry =
 *     ObjectiveRegistry.builtIn().with(ObjectiveType.custom("margin", MarginObjective::new));
 * CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training().withObjectives(registry));
 * }</pre>
 */
public final class ObjectiveRegistry {
  private static final ObjectiveRegistry BUILT_IN =
      new ObjectiveRegistry(
          ImmutableList.of(
              // One line per objective or head.
              MaskedLm.TYPE,
              Cmcl.TYPE,
              MaskedRegionFeatureRegression.TYPE,
              MaskedRegionClassification.TYPE,
              Seq2SeqLm.TYPE,
              PairMaskedLm.TYPE,
              CaptionGeneration.TYPE,
              SequenceClassification.TYPE,
              org.unimo.graph.heads.regression.SequenceRegression.TYPE,
              org.unimo.graph.heads.entailment.ImageTextClassification.TYPE,
              org.unimo.graph.heads.vqa.VisualQuestionAnswering.TYPE,
              org.unimo.graph.heads.retrieval.Retrieval.TYPE,
              org.unimo.graph.heads.generation.Captioning.TYPE,
              org.unimo.graph.heads.generation.TextToText.TYPE));

  private final ImmutableList<ObjectiveType> types;

  private ObjectiveRegistry(ImmutableList<ObjectiveType> types) {
    this.types = types;
  }

  /** The toolkit's objectives and heads. */
  public static ObjectiveRegistry builtIn() {
    return BUILT_IN;
  }

  /** This registry plus {@code type}. */
  public ObjectiveRegistry with(ObjectiveType type) {
    return new ObjectiveRegistry(ImmutableList.<ObjectiveType>builder().addAll(types).add(type).build());
  }

  /**
   * The objectives and heads {@code spec} declares, in the spec's order.
   *
   * @throws IllegalArgumentException naming the section no registered type handles
   */
  public List<Objective> create(ModelSpec spec) {
    List<ObjectiveSpec> declared = new ArrayList<>(spec.objectives().declared());
    declared.addAll(spec.heads());
    List<Objective> objectives = new ArrayList<>();
    for (ObjectiveSpec section : declared) {
      objectives.add(create(section, spec).orElseThrow(() -> unknown(section)));
    }
    return objectives;
  }

  /** The objective or head of {@code section} of {@code spec}; empty when no registered type handles it. */
  public Optional<Objective> create(ObjectiveSpec section, ModelSpec spec) {
    return types.stream().map(type -> type.create(section, spec)).flatMap(Optional::stream).findFirst();
  }

  private static IllegalArgumentException unknown(ObjectiveSpec section) {
    String what =
        section instanceof CustomObjectiveSpec custom
            ? "no objective named '" + custom.name() + "' is registered (register it with ObjectiveRegistry.with)"
            : "no registered objective handles " + section.getClass().getSimpleName();
    return new IllegalArgumentException(section.path() + ": " + what);
  }
}
