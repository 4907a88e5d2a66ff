/**
 * The functions themselves, in float64: the ERA
 * {@code sigma(x) = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps)} ({@link org.era4j.rational.EraSpec}
 * for the degree and {@code eps}, {@link org.era4j.rational.EraLayout} for the parameter layout,
 * {@link org.era4j.rational.EraReference} for values and every derivative), the coefficient form
 * {@code P/Q} with plain or PAU-safe denominators ({@link org.era4j.rational.RationalFunction},
 * {@link org.era4j.rational.EraExpansion}), the fixed activations an ERA is fitted to
 * ({@link org.era4j.rational.ActivationTarget}) and initial parameters, fitted from the bundled
 * table or Glorot-random ({@link org.era4j.rational.EraInitializer}). Nothing here allocates per
 * element or depends on anything but the JDK; every class is immutable or stateless.
 */
package org.era4j.rational;
