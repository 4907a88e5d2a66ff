package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.era4j.rational.EraSpec;

/**
 * EXPERIMENTAL, measured in jmh/ (ForwardBenchmark.n2VectorHoisted): ERA forward for
 * {@code n = 2} in the pair form of {@link VectorEraBackend} (same operations in the same order,
 * so the results are bitwise identical), with every parameter broadcast and {@code f^2 + eps}
 * hoisted out of the loop.
 *
 * <p>Why it can matter: {@code params} and {@code y} are both {@code float[]}, so the JIT cannot
 * prove that storing {@code y} leaves {@code params} unchanged; broadcasts built from
 * {@code params[...]} inside the loop are reloaded, recomputed and re-broadcast every iteration
 * (8 loads, 2 scalar FMAs and 8 broadcasts per 16 elements). Reading them into locals before the
 * loop removes that work. {@code x} must not alias {@code params}.
 */
public final class HoistedPairEraForward {

    private static final int LANES = VectorEraBackend.SPECIES.length();

    private HoistedPairEraForward() {
    }

    /** {@code y[yOffset + i] = sigma(x[xOffset + i])} for {@code i < length}, n = 2. */
    public static void forwardTwo(EraSpec spec, float[] p, int o, float[] x, int xOffset, float[] y, int yOffset, int length) {
        if (spec.fractions() != 2) {
            throw new IllegalArgumentException("HoistedPairEraForward handles n = 2 only, got n = " + spec.fractions());
        }
        Checks.forward(spec, p, o, x, xOffset, y, yOffset, length);
        float eps = spec.eps();
        var species = VectorEraBackend.SPECIES;
        FloatVector a = FloatVector.broadcast(species, p[o]);
        FloatVector b = FloatVector.broadcast(species, p[o + 1]);
        FloatVector ci = FloatVector.broadcast(species, p[o + 2]);
        FloatVector di = FloatVector.broadcast(species, p[o + 3]);
        FloatVector ei = FloatVector.broadcast(species, p[o + 4]);
        FloatVector gi = FloatVector.broadcast(species, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector cj = FloatVector.broadcast(species, p[o + 6]);
        FloatVector dj = FloatVector.broadcast(species, p[o + 7]);
        FloatVector ej = FloatVector.broadcast(species, p[o + 8]);
        FloatVector gj = FloatVector.broadcast(species, ScalarEraBackend.offsetOf(p, o, 1, eps));
        int bound = species.loopBound(length);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(species, x, xOffset + i);
            FloatVector ti = xv.sub(ei);
            FloatVector qi = ti.fma(ti, gi);
            FloatVector ri = ci.fma(xv, di);
            FloatVector tj = xv.sub(ej);
            FloatVector qj = tj.fma(tj, gj);
            FloatVector rj = cj.fma(xv, dj);
            FloatVector numerator = ri.fma(qj, rj.mul(qi));
            FloatVector denominator = qi.mul(qj);
            FloatVector term = numerator.div(denominator);
            VectorMask<Float> finite = numerator.add(denominator).abs().compare(VectorOperators.LT, Float.POSITIVE_INFINITY);
            if (!finite.allTrue()) {
                term = term.blend(ri.div(qi).add(rj.div(qj)), finite.not());
            }
            a.fma(xv, b).add(term).intoArray(y, yOffset + i);
        }
        for (int i = bound; i < length; i++) {
            y[yOffset + i] = ScalarEraBackend.value(p, o, 2, eps, x[xOffset + i]);
        }
    }
}
