package org.unimo.graph.objective;

import java.util.Optional;
import java.util.function.BiFunction;
import org.unimo.dsl.CustomObjectiveSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;

/**
 * Makes the {@link Objective} for a declared section of a spec: how an objective registers.
 *
 * <p>A built-in objective matches its own section type; an objective from outside the toolkit
 * matches a custom section by name ({@link #custom}).
 */
@FunctionalInterface
public interface ObjectiveType {
  /** The objective for {@code declared}, or empty when this type does not handle it. */
  Optional<Objective> create(ObjectiveSpec declared, ModelSpec spec);

  /** The objective for {@code objectives { custom { name: NAME ... } }} sections. */
  static ObjectiveType custom(String name, BiFunction<CustomObjectiveSpec, ModelSpec, Objective> factory) {
    return (declared, spec) ->
        declared instanceof CustomObjectiveSpec custom && custom.name().equals(name)
            ? Optional.of(factory.apply(custom, spec))
            : Optional.empty();
  }

  /** The objective for sections of class {@code section}. */
  static <S extends ObjectiveSpec> ObjectiveType of(
      Class<S> section, BiFunction<S, ModelSpec, Objective> factory) {
    return (declared, spec) ->
        section.isInstance(declared)
            ? Optional.of(factory.apply(section.cast(declared), spec))
            : Optional.empty();
  }
}
