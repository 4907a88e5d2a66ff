package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.rational.DenominatorKind;

/**
 * Float32 Vector API kernel for a rational function in coefficient form:
 * {@code y[i] = P(x[i]) / Q(x[i])}, Horner with FMA, one division per element. Coefficient layout,
 * denominator kinds and accuracy as in {@link HornerRationalScalar}, its scalar twin, which it
 * matches bit for bit (same operations in the same order, all correctly rounded).
 *
 * <p>This is the "one division, Horner" baseline the benchmarks compare against the
 * partial-fraction ERA kernels. It is not the ERA kernel: for an expanded ERA its PLAIN
 * denominator can round to zero or below near a centre {@code e_i}, where the product form cannot
 * (see {@link org.era4j.rational.EraExpansion}).
 *
 * <p>The species is {@link VectorSupport.Species#FLOAT}, chosen once per JVM, so both kernel
 * families always run at the same width.
 */
public final class HornerRationalVector {

    private static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;

    private HornerRationalVector() {
    }

    /**
     * {@code y[yOffset + i] = P(x[xOffset + i]) / Q(x[xOffset + i])} for {@code i < length}.
     * {@code y} may be {@code x} at the same offset (in place); partial overlap is rejected.
     * Allocates nothing.
     */
    public static void forward(DenominatorKind kind, float[] coefficients, int offset,
                               int numeratorCount, int denominatorCount,
                               float[] x, int xOffset, float[] y, int yOffset, int length) {
        // The loops are repeated here with the static SPECIES rather than delegating to the
        // species-parameter variant below: a species the JIT cannot see as a constant makes every
        // vector operation a boxed library call (measured about 100x slower).
        float[] c = coefficients;
        HornerRationalScalar.checkForward(kind, c, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, length);
        int bound = SPECIES.loopBound(length);
        int d = offset + numeratorCount;
        int i = 0;
        if (kind == DenominatorKind.PLAIN) {
            for (; i < bound; i += SPECIES.length()) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
                FloatVector p = polynomial(SPECIES, c, offset, numeratorCount, xv);
                FloatVector q = polynomial(SPECIES, c, d, denominatorCount, xv);
                p.div(q).intoArray(y, yOffset + i);
            }
        } else {
            for (; i < bound; i += SPECIES.length()) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
                FloatVector p = polynomial(SPECIES, c, offset, numeratorCount, xv);
                if (denominatorCount > 0) {
                    FloatVector ax = xv.abs();
                    FloatVector q = FloatVector.broadcast(SPECIES, Math.abs(c[d + denominatorCount - 1]));
                    for (int j = denominatorCount - 2; j >= 0; j--) {
                        q = q.fma(ax, FloatVector.broadcast(SPECIES, Math.abs(c[d + j])));
                    }
                    p = p.div(q.fma(ax, FloatVector.broadcast(SPECIES, 1f)));
                }
                p.intoArray(y, yOffset + i);
            }
        }
        HornerRationalScalar.forwardFrom(kind, c, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, i, length);
    }

    /**
     * {@link #forward} on a given species, for the tests that run every species the JDK offers
     * (correct on any species, fast only on a constant one).
     */
    static void forward(VectorSpecies<Float> species, DenominatorKind kind, float[] c, int offset,
                        int numeratorCount, int denominatorCount,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        HornerRationalScalar.checkForward(kind, c, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, length);
        int bound = species.loopBound(length);
        int d = offset + numeratorCount;
        // The degree is a runtime value and vectors may not live in arrays, so each coefficient is
        // broadcast inside the element loop; a broadcast from memory is one instruction.
        int i = 0;
        if (kind == DenominatorKind.PLAIN) {
            for (; i < bound; i += species.length()) {
                FloatVector xv = FloatVector.fromArray(species, x, xOffset + i);
                FloatVector p = polynomial(species, c, offset, numeratorCount, xv);
                FloatVector q = polynomial(species, c, d, denominatorCount, xv);
                p.div(q).intoArray(y, yOffset + i);
            }
        } else {
            for (; i < bound; i += species.length()) {
                FloatVector xv = FloatVector.fromArray(species, x, xOffset + i);
                FloatVector p = polynomial(species, c, offset, numeratorCount, xv);
                if (denominatorCount > 0) {
                    FloatVector ax = xv.abs();
                    FloatVector q = FloatVector.broadcast(species, Math.abs(c[d + denominatorCount - 1]));
                    for (int j = denominatorCount - 2; j >= 0; j--) {
                        q = q.fma(ax, FloatVector.broadcast(species, Math.abs(c[d + j])));
                    }
                    p = p.div(q.fma(ax, FloatVector.broadcast(species, 1f)));
                }
                p.intoArray(y, yOffset + i);
            }
        }
        HornerRationalScalar.forwardFrom(kind, c, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, i, length);
    }

    /** {@code sum_j c[from + j] x^j} over {@code count} coefficients, Horner with FMA. */
    private static FloatVector polynomial(VectorSpecies<Float> species, float[] c, int from, int count, FloatVector x) {
        FloatVector acc = FloatVector.broadcast(species, c[from + count - 1]);
        for (int j = count - 2; j >= 0; j--) {
            acc = acc.fma(x, FloatVector.broadcast(species, c[from + j]));
        }
        return acc;
    }
}
