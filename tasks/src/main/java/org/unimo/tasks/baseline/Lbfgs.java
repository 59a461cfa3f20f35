package org.unimo.tasks.baseline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", algorithm 7.4 and 7.5) with
 * a backtracking line search that halves the step until the sufficient-decrease (Armijo) condition
 * holds. No randomness and a fixed order of every sum: the same objective and start give the same
 * weights, bit for bit.
 */
final class Lbfgs {
  /** Correction pairs kept. */
  static final int MEMORY = 10;

  /** The Armijo constant: a step must decrease the objective by this share of the predicted decrease. */
  private static final double ARMIJO = 1e-4;

  /** Halvings of the step before the search gives up (the objective is flat to machine precision). */
  private static final int MAX_HALVINGS = 60;

  private Lbfgs() {}

  /** A smooth function to minimize. */
  interface Objective {
    /** The value at {@code x}; writes the gradient into {@code gradient} (of x's length). */
    double evaluate(double[] x, double[] gradient);
  }

  /**
   * @param x the minimizer found
   * @param losses the objective at the start and after each iteration, never increasing
   * @param converged whether the gradient's largest component fell to the tolerance (otherwise the
   *     iterations ran out or no step decreased the objective any more)
   */
  record Result(double[] x, List<Double> losses, boolean converged) {}

  /**
   * Minimizes {@code f} from {@code start} until the gradient's largest absolute component is at
   * most {@code tolerance}, for at most {@code iterations} iterations.
   */
  static Result minimize(Objective f, double[] start, int iterations, double tolerance) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    List<Double> losses = new ArrayList<>();
    losses.add(fx);
    Deque<double[][]> history = new ArrayDeque<>(); // {s, y, {1 / s.y}}, newest first
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    for (int k = 0; k < iterations && maxAbs(g) > tolerance; k++) {
      double[] d = direction(g, history);
      double slope = dot(d, g);
      if (slope >= 0) {
        // Not a descent direction (rounding in a badly conditioned history): start afresh.
        history.clear();
        d = direction(g, history);
        slope = dot(d, g);
      }
      double step = history.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(dot(g, g))) : 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int halving = 0; halving < MAX_HALVINGS && !accepted; halving++) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        fNew = f.evaluate(xNew, gNew);
        if (fNew <= fx + ARMIJO * step * slope) {
          accepted = true;
        } else {
          step /= 2;
        }
      }
      if (!accepted) {
        return new Result(x, List.copyOf(losses), false);
      }
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = xNew[i] - x[i];
        y[i] = gNew[i] - g[i];
      }
      double sy = dot(s, y);
      // Only pairs of positive curvature keep the implied Hessian positive definite.
      if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
        history.addFirst(new double[][] {s, y, {1.0 / sy}});
        if (history.size() > MEMORY) {
          history.removeLast();
        }
      }
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      losses.add(fx);
    }
    return new Result(x, List.copyOf(losses), maxAbs(g) <= tolerance);
  }

  /** {@code -H g} by the two-loop recursion; {@code -g} when there is no history. */
  private static double[] direction(double[] g, Deque<double[][]> history) {
    int n = g.length;
    double[] q = g.clone();
    double[] alpha = new double[history.size()];
    int j = 0;
    for (double[][] pair : history) {
      alpha[j] = pair[2][0] * dot(pair[0], q);
      axpy(-alpha[j], pair[1], q);
      j++;
    }
    if (!history.isEmpty()) {
      double[][] newest = history.peekFirst();
      double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
      for (int i = 0; i < n; i++) {
        q[i] *= gamma;
      }
    }
    Iterator<double[][]> oldestFirst = history.descendingIterator();
    for (j = history.size() - 1; j >= 0; j--) {
      double[][] pair = oldestFirst.next();
      double beta = pair[2][0] * dot(pair[1], q);
      axpy(alpha[j] - beta, pair[0], q);
    }
    for (int i = 0; i < n; i++) {
      q[i] = -q[i];
    }
    return q;
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double value : v) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }
}
