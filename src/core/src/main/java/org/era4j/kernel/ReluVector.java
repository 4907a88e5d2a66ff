package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API loops of {@link ReluKernel}; loaded only when {@link VectorSupport#enabled()}. */
final class ReluVector {

    static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;

    private ReluVector() {
    }

    /** {@code y[i] = x[i] < 0 ? 0 : x[i]} for {@code from <= i < length} (NaN and -0 pass through unchanged). */
    static void forward(float[] x, float[] y, int from, int length) {
        int i = from;
        int bound = from + SPECIES.loopBound(length - from);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
            v.blend(zero, negative).intoArray(y, i);
        }
        ReluKernel.forwardScalar(x, y, i, length);
    }

    /** {@code gx[i] += x[i] > 0 ? g[i] : 0} for {@code from <= i < length} (accumulates, as every backward does). */
    static void backward(float[] x, float[] g, float[] gx, int from, int length) {
        int i = from;
        int bound = from + SPECIES.loopBound(length - from);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += SPECIES.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.GT, 0f);
            FloatVector pass = zero.blend(FloatVector.fromArray(SPECIES, g, i), positive);
            FloatVector.fromArray(SPECIES, gx, i).add(pass).intoArray(gx, i);
        }
        ReluKernel.backwardScalar(x, g, gx, i, length);
    }

}
