package dev.metaopt.backend.local;

import java.util.List;

/**
 * The Gaussian process's inputs for a point of a {@link SearchSpace}: each numeric dimension is
 * one input in {@code [0, 1]} ({@link Dimension#toUnit}), each categorical one is one-hot, one
 * input per choice. Integers sit at their own value and categories at a corner, so the kernel
 * only ever sees valid configurations (Garrido-Merchán &amp; Hernández-Lobato 2020, "Dealing with
 * categorical and integer-valued variables in Bayesian optimization with Gaussian processes":
 * the kernel is evaluated on the rounded, one-hot point) and a length scale per input lets the
 * fit learn how much each choice matters.
 */
final class GpInputs {
  private final List<Dimension> dims;
  private final int width;

  GpInputs(SearchSpace space) {
    this.dims = space.dimensions();
    int w = 0;
    for (Dimension d : dims) {
      w += d.type() == Dimension.Type.CATEGORICAL ? d.choices() : 1;
    }
    this.width = w;
  }

  int width() {
    return width;
  }

  /** Inputs for model coordinates {@code x} (one per dimension, as {@link SearchSpace#encode}). */
  double[] of(double[] x) {
    double[] inputs = new double[width];
    int at = 0;
    for (int d = 0; d < dims.size(); d++) {
      Dimension dim = dims.get(d);
      if (dim.type() == Dimension.Type.CATEGORICAL) {
        inputs[at + (int) Math.round(x[d])] = 1;
        at += dim.choices();
      } else {
        inputs[at++] = dim.toUnit(x[d]);
      }
    }
    return inputs;
  }
}
