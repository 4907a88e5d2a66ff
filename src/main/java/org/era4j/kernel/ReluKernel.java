package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU forward and backward with the Vector API. Activation signs are unpredictable (about half
 * negative after a normalisation), so a branch per element mispredicts often; compare + blend does
 * not branch. Tails use the scalar twins {@link #forwardScalar} and {@link #backwardScalar}, which
 * give bitwise the same results.
 */
public final class ReluKernel {

    private static final VectorSpecies<Float> SPECIES = Gemm.SPECIES;

    private ReluKernel() {
    }

    /** {@code y[i] = x[i] < 0 ? 0 : x[i]} (NaN and -0 pass through unchanged). */
    public static void forward(float[] x, float[] y, int length) {
        int i = 0;
        int bound = SPECIES.loopBound(length);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
            v.blend(zero, negative).intoArray(y, i);
        }
        forwardScalar(x, y, i, length);
    }

    /** {@code gx[i] += x[i] > 0 ? g[i] : 0} (accumulates, as every backward does). */
    public static void backward(float[] x, float[] g, float[] gx, int length) {
        int i = 0;
        int bound = SPECIES.loopBound(length);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += SPECIES.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.GT, 0f);
            FloatVector pass = zero.blend(FloatVector.fromArray(SPECIES, g, i), positive);
            FloatVector.fromArray(SPECIES, gx, i).add(pass).intoArray(gx, i);
        }
        backwardScalar(x, g, gx, i, length);
    }

    /** Scalar twin of {@link #forward} from index {@code from}. */
    public static void forwardScalar(float[] x, float[] y, int from, int length) {
        for (int i = from; i < length; i++) {
            y[i] = x[i] < 0f ? 0f : x[i];
        }
    }

    /** Scalar twin of {@link #backward} from index {@code from}. */
    public static void backwardScalar(float[] x, float[] g, float[] gx, int from, int length) {
        for (int i = from; i < length; i++) {
            gx[i] += x[i] > 0f ? g[i] : 0f;
        }
    }
}
