package org.era4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link PlaneSums}; loaded only when {@link VectorSupport#enabled()}.
 * A float vector of L lanes widens into two double vectors (lanes 0 .. L/2 - 1 and L/2 .. L - 1),
 * kept in two accumulators whose lane-wise sum is the first fold step of {@link PlaneSums#fold}.
 */
final class PlaneSumsVector {

    static final VectorSpecies<Float> FLOATS = VectorSupport.Species.FLOAT;
    /** Half the lanes of {@link #FLOATS} in the same shape. */
    static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
    private static final int LANES = FLOATS.length();

    private PlaneSumsVector() {
    }

    static double sum(float[] x, int from, int n) {
        int full = n / LANES * LANES;
        DoubleVector low = DoubleVector.zero(DOUBLES);
        DoubleVector high = DoubleVector.zero(DOUBLES);
        for (int i = 0; i < full; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, from + i);
            low = low.add(widen(v, 0));
            high = high.add(widen(v, 1));
        }
        double total = finish(low, high);
        for (int i = full; i < n; i++) {
            total += x[from + i];
        }
        return total;
    }

    static double squaredDeviations(float[] x, int from, int n, double mean) {
        int full = n / LANES * LANES;
        DoubleVector low = DoubleVector.zero(DOUBLES);
        DoubleVector high = DoubleVector.zero(DOUBLES);
        for (int i = 0; i < full; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, from + i);
            DoubleVector d0 = widen(v, 0).sub(mean);
            DoubleVector d1 = widen(v, 1).sub(mean);
            low = low.add(d0.mul(d0));
            high = high.add(d1.mul(d1));
        }
        double total = finish(low, high);
        for (int i = full; i < n; i++) {
            double d = x[from + i] - mean;
            total += d * d;
        }
        return total;
    }

    static void gradientSums(float[] g, float[] x, int from, int n, float mean, float inv, double[] out, int at) {
        int full = n / LANES * LANES;
        DoubleVector lowG = DoubleVector.zero(DOUBLES);
        DoubleVector highG = DoubleVector.zero(DOUBLES);
        DoubleVector lowGy = DoubleVector.zero(DOUBLES);
        DoubleVector highGy = DoubleVector.zero(DOUBLES);
        for (int i = 0; i < full; i += LANES) {
            FloatVector gv = FloatVector.fromArray(FLOATS, g, from + i);
            FloatVector xhat = FloatVector.fromArray(FLOATS, x, from + i).sub(mean).mul(inv);
            DoubleVector g0 = widen(gv, 0);
            DoubleVector g1 = widen(gv, 1);
            lowG = lowG.add(g0);
            highG = highG.add(g1);
            lowGy = lowGy.add(g0.mul(widen(xhat, 0)));
            highGy = highGy.add(g1.mul(widen(xhat, 1)));
        }
        double totalG = finish(lowG, highG);
        double totalGy = finish(lowGy, highGy);
        for (int i = full; i < n; i++) {
            float gi = g[from + i];
            totalG += gi;
            totalGy += (double) gi * ((x[from + i] - mean) * inv);
        }
        out[at] = totalG;
        out[at + 1] = totalGy;
    }

    /** Lanes {@code part * L/2 ..} of {@code v} as doubles (exact). */
    private static DoubleVector widen(FloatVector v, int part) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, part);
    }

    /** The first fold step lane-wise, the rest as {@link PlaneSums#fold}. */
    private static double finish(DoubleVector low, DoubleVector high) {
        return PlaneSums.fold(low.add(high).toArray());
    }
}
