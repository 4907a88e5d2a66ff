package org.era4j.jmh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.bench.StreamBaselines;
import org.era4j.kernel.VectorEraBackend;

/**
 * Reference loops that bound what an elementwise kernel can reach: a vector copy (one read, one
 * write per element), a read-read-write stream (the traffic of a fused backward), ReLU (the
 * cheapest activation) and Swish {@code x / (1 + exp(-x))}, once with {@link Math#exp} per element
 * and once with the Vector API's {@code EXP}.
 *
 * <p>Every loop runs to {@code loopBound} and finishes the tail element by element, like the ERA
 * kernels, and uses the same species as {@link VectorEraBackend}.
 */
final class Baselines {

    private static final VectorSpecies<Float> SPECIES = VectorEraBackend.SPECIES;
    private static final int LANES = SPECIES.length();

    private Baselines() {
    }

    /** One read and one write per element: the shared loop of {@code era bench}. */
    static void copy(float[] x, float[] y, int from, int to) {
        StreamBaselines.copy(x, y, from, to);
    }

    /** {@code z = x * y}: two streams read, one written (the shared loop of {@code era bench}). */
    static void multiply(float[] x, float[] y, float[] z, int from, int to) {
        StreamBaselines.multiply(x, y, z, from, to);
    }

    static void relu(float[] x, float[] y, int length) {
        int i = 0;
        int bound = SPECIES.loopBound(length);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, i).max(zero).intoArray(y, i);
        }
        for (; i < length; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    /** Swish with the scalar {@link Math#exp}, the way most Java code writes it. */
    static void swishMathExp(float[] x, float[] y, int length) {
        for (int i = 0; i < length; i++) {
            float v = x[i];
            y[i] = (float) (v / (1 + Math.exp(-v)));
        }
    }

    /** Swish with the Vector API's lanewise {@code EXP} (a SVML-style intrinsic where available). */
    static void swishVector(float[] x, float[] y, int length) {
        int i = 0;
        int bound = SPECIES.loopBound(length);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            v.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(y, i);
        }
        for (; i < length; i++) {
            float v = x[i];
            y[i] = (float) (v / (1 + Math.exp(-v)));
        }
    }
}
