package org.era4j.jmh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.kernel.VectorEraBackend;

/**
 * Experiment: ERA forward n = 1 with the loop unrolled by two (two independent divisions in
 * flight per iteration), to test whether the n = 1 kernel is limited by division latency rather
 * than by its instruction count. Same operations per element as {@link VectorEraBackend}'s
 * n = 1 loop; the tail and any remainder vector use the scalar formula.
 */
final class UnrolledEraLoops {

    private static final VectorSpecies<Float> SPECIES = VectorEraBackend.SPECIES;
    private static final int LANES = SPECIES.length();

    private UnrolledEraLoops() {
    }

    static void forwardOneUnrolled(float[] p, float eps, float[] x, float[] y, int length) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[0]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[1]);
        FloatVector c = FloatVector.broadcast(SPECIES, p[2]);
        FloatVector d = FloatVector.broadcast(SPECIES, p[3]);
        FloatVector e = FloatVector.broadcast(SPECIES, p[4]);
        FloatVector g = FloatVector.broadcast(SPECIES, Math.fma(p[5], p[5], eps));
        int bound = length - length % (2 * LANES);
        int i = 0;
        for (; i < bound; i += 2 * LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, i);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, i + LANES);
            FloatVector t0 = x0.sub(e);
            FloatVector t1 = x1.sub(e);
            FloatVector f0 = c.fma(x0, d).div(t0.fma(t0, g));
            FloatVector f1 = c.fma(x1, d).div(t1.fma(t1, g));
            a.fma(x0, b).add(f0).intoArray(y, i);
            a.fma(x1, b).add(f1).intoArray(y, i + LANES);
        }
        for (; i < length; i++) {
            float t = x[i] - p[4];
            y[i] = Math.fma(p[0], x[i], p[1]) + Math.fma(p[2], x[i], p[3]) / Math.fma(t, t, Math.fma(p[5], p[5], eps));
        }
    }
}
