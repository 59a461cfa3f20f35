package org.unimo.dsl;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An objective the spec names rather than the schema: the compiler looks it up by {@link #name()}
 * (whether it knows the name is checked when the spec is compiled, not when it is read).
 *
 * @param name the objective's registered name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param data the kind of data it trains on
 * @param params its numeric parameters by name, immutable and sorted by name
 */
public record CustomObjectiveSpec(String name, float weight, DataKind data, Map<String, Double> params)
    implements ObjectiveSpec {

  public CustomObjectiveSpec {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
  }

  @Override
  public String path() {
    return "objectives.custom[" + name + "]";
  }

  /** Checks nothing beyond the validator's rules: the objective's parameters are its own. */
  @Override
  public void check(SpecChecks checks, SpecContext context) {}
}
