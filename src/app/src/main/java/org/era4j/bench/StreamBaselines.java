package org.era4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.kernel.VectorSupport;

/**
 * The memory-bound loops ERA kernels are compared with: a vector copy (read + write, the traffic of
 * forward) and a read-read-write stream {@code z = x * y} (the traffic of the fused backward),
 * over {@code [from, to)}, with the species of every era4j vector kernel ({@link VectorSupport.Species#FLOAT}).
 */
public final class StreamBaselines {

    private static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;
    private static final int LANES = SPECIES.length();

    private StreamBaselines() {
    }

    public static void copy(float[] x, float[] y, int from, int to) {
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, i).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = x[i];
        }
    }

    public static void multiply(float[] x, float[] y, float[] z, int from, int to) {
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, i).mul(FloatVector.fromArray(SPECIES, y, i)).intoArray(z, i);
        }
        for (; i < to; i++) {
            z[i] = x[i] * y[i];
        }
    }
}
