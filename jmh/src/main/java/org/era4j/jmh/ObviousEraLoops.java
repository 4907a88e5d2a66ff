package org.era4j.jmh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.kernel.VectorEraBackend;

/**
 * ERA for {@code n = 2} written the obvious way: one division per partial fraction,
 * {@code y = a x + b + r1/q1 + r2/q2}, backward with {@code w_i = 1/q_i}. Same species, same FMAs
 * as {@link VectorEraBackend} otherwise, so the benchmarks isolate what pairing the fractions over
 * one division ({@code (r1 q2 + r2 q1) / (q1 q2)}) buys. Parameters as {@code [a, b, c1, d1, e1,
 * f1, c2, d2, e2, f2]}; the tail is finished with the same formulas in scalar code.
 */
final class ObviousEraLoops {

    private static final VectorSpecies<Float> SPECIES = VectorEraBackend.SPECIES;
    private static final int LANES = SPECIES.length();

    private ObviousEraLoops() {
    }

    static void forwardTwo(float[] p, float eps, float[] x, float[] y, int length) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[0]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[1]);
        FloatVector c1 = FloatVector.broadcast(SPECIES, p[2]);
        FloatVector d1 = FloatVector.broadcast(SPECIES, p[3]);
        FloatVector e1 = FloatVector.broadcast(SPECIES, p[4]);
        FloatVector g1 = FloatVector.broadcast(SPECIES, Math.fma(p[5], p[5], eps));
        FloatVector c2 = FloatVector.broadcast(SPECIES, p[6]);
        FloatVector d2 = FloatVector.broadcast(SPECIES, p[7]);
        FloatVector e2 = FloatVector.broadcast(SPECIES, p[8]);
        FloatVector g2 = FloatVector.broadcast(SPECIES, Math.fma(p[9], p[9], eps));
        int bound = SPECIES.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector t1 = xv.sub(e1);
            FloatVector t2 = xv.sub(e2);
            FloatVector f1 = c1.fma(xv, d1).div(t1.fma(t1, g1));
            FloatVector f2 = c2.fma(xv, d2).div(t2.fma(t2, g2));
            a.fma(xv, b).add(f1).add(f2).intoArray(y, i);
        }
        for (; i < length; i++) {
            y[i] = valueTwo(p, eps, x[i]);
        }
    }

    private static float valueTwo(float[] p, float eps, float x) {
        float t1 = x - p[4];
        float t2 = x - p[8];
        float f1 = Math.fma(p[2], x, p[3]) / Math.fma(t1, t1, Math.fma(p[5], p[5], eps));
        float f2 = Math.fma(p[6], x, p[7]) / Math.fma(t2, t2, Math.fma(p[9], p[9], eps));
        return Math.fma(p[0], x, p[1]) + f1 + f2;
    }

    /**
     * Fused backward, two divisions per element: {@code dx = dy * sigma'(x)} and raw sums added to
     * {@code dParams} as gradients (float32 lane sums, reduced once at the end).
     */
    static void backwardTwo(float[] p, float eps, float[] x, float[] dy, float[] dx, float[] dParams, int length) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[0]);
        FloatVector c1 = FloatVector.broadcast(SPECIES, p[2]);
        FloatVector d1 = FloatVector.broadcast(SPECIES, p[3]);
        FloatVector e1 = FloatVector.broadcast(SPECIES, p[4]);
        FloatVector g1 = FloatVector.broadcast(SPECIES, Math.fma(p[5], p[5], eps));
        FloatVector c2 = FloatVector.broadcast(SPECIES, p[6]);
        FloatVector d2 = FloatVector.broadcast(SPECIES, p[7]);
        FloatVector e2 = FloatVector.broadcast(SPECIES, p[8]);
        FloatVector g2 = FloatVector.broadcast(SPECIES, Math.fma(p[9], p[9], eps));
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector sa = FloatVector.zero(SPECIES);
        FloatVector sb = FloatVector.zero(SPECIES);
        FloatVector sc1 = FloatVector.zero(SPECIES);
        FloatVector sd1 = FloatVector.zero(SPECIES);
        FloatVector se1 = FloatVector.zero(SPECIES);
        FloatVector sf1 = FloatVector.zero(SPECIES);
        FloatVector sc2 = FloatVector.zero(SPECIES);
        FloatVector sd2 = FloatVector.zero(SPECIES);
        FloatVector se2 = FloatVector.zero(SPECIES);
        FloatVector sf2 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector g = FloatVector.fromArray(SPECIES, dy, i);
            FloatVector t1 = xv.sub(e1);
            FloatVector w1 = one.div(t1.fma(t1, g1));
            FloatVector t2 = xv.sub(e2);
            FloatVector w2 = one.div(t2.fma(t2, g2));
            FloatVector s1 = c1.fma(xv, d1).mul(w1).mul(w1);
            FloatVector ts1 = t1.mul(s1);
            FloatVector s2 = c2.fma(xv, d2).mul(w2).mul(w2);
            FloatVector ts2 = t2.mul(s2);
            FloatVector slope = minusTwo.fma(ts1, c1.fma(w1, a));
            slope = minusTwo.fma(ts2, c2.fma(w2, slope));
            g.mul(slope).intoArray(dx, i);
            FloatVector gw1 = g.mul(w1);
            FloatVector gw2 = g.mul(w2);
            sa = g.fma(xv, sa);
            sb = sb.add(g);
            sc1 = gw1.fma(xv, sc1);
            sd1 = sd1.add(gw1);
            se1 = g.fma(ts1, se1);
            sf1 = g.fma(s1, sf1);
            sc2 = gw2.fma(xv, sc2);
            sd2 = sd2.add(gw2);
            se2 = g.fma(ts2, se2);
            sf2 = g.fma(s2, sf2);
        }
        float[] raw = {
            sa.reduceLanes(VectorOperators.ADD), sb.reduceLanes(VectorOperators.ADD),
            sc1.reduceLanes(VectorOperators.ADD), sd1.reduceLanes(VectorOperators.ADD),
            se1.reduceLanes(VectorOperators.ADD), sf1.reduceLanes(VectorOperators.ADD),
            sc2.reduceLanes(VectorOperators.ADD), sd2.reduceLanes(VectorOperators.ADD),
            se2.reduceLanes(VectorOperators.ADD), sf2.reduceLanes(VectorOperators.ADD),
        };
        for (; i < length; i++) {
            float xi = x[i];
            float g = dy[i];
            float slope = p[0];
            raw[0] += g * xi;
            raw[1] += g;
            for (int k = 0; k < 2; k++) {
                int pk = 2 + 4 * k;
                float t = xi - p[pk + 2];
                float w = 1f / Math.fma(t, t, Math.fma(p[pk + 3], p[pk + 3], eps));
                float s = Math.fma(p[pk], xi, p[pk + 1]) * w * w;
                slope = Math.fma(-2f, t * s, Math.fma(p[pk], w, slope));
                raw[pk] += g * w * xi;
                raw[pk + 1] += g * w;
                raw[pk + 2] += g * t * s;
                raw[pk + 3] += g * s;
            }
            dx[i] = g * slope;
        }
        dParams[0] += raw[0];
        dParams[1] += raw[1];
        for (int k = 0; k < 2; k++) {
            int pk = 2 + 4 * k;
            dParams[pk] += raw[pk];
            dParams[pk + 1] += raw[pk + 1];
            dParams[pk + 2] += 2f * raw[pk + 2];
            dParams[pk + 3] += -2f * p[pk + 3] * raw[pk + 3];
        }
    }
}
