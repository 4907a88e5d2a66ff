/**
 * Least-squares fitting of an ERA to a fixed activation on an interval: variable projection
 * (the linear parameters solved exactly inside each Levenberg-Marquardt step of the nonlinear
 * ones) from deterministic starts, with float32-aware rounding of the result.
 * {@link org.era4j.fit.EraFitter#fitted} serves the core's bundled table first and fits only what it
 * lacks.
 */
package org.era4j.fit;
