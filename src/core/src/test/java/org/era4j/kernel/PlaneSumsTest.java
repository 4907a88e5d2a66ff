package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Float64 plane sums: the vector kernels give the scalar twins' bits in the order of this JVM's
 * lane count, and both are within the float64 bound of the exact sum (computed with BigDecimal),
 * on runs drawn fresh per run: every length from 0 past a few vectors, offsets into larger arrays.
 */
class PlaneSumsTest {

    @Property(tries = 200)
    void vectorSumsAreTheScalarTwinsBitsAndNearTheExactSums(@ForAll @IntRange(min = 0, max = 200) int n,
                                                            @ForAll @IntRange(min = 0, max = 9) int from,
                                                            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[from + n + 2];
        float[] g = new float[from + n + 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            g[i] = (float) random.nextGaussian();
        }
        int lanes = PlaneSums.lanes();
        double mean = random.nextGaussian();
        float meanF = (float) mean;
        float inv = (float) Math.exp(random.nextGaussian());
        String at = "n=" + n + " from=" + from + " lanes=" + lanes;

        double sum = PlaneSums.sum(x, from, n);
        assertEquals(Double.doubleToRawLongBits(PlaneSums.sumScalar(x, from, n, lanes)), Double.doubleToRawLongBits(sum), at);
        double squares = PlaneSums.squaredDeviations(x, from, n, mean);
        assertEquals(Double.doubleToRawLongBits(PlaneSums.squaredDeviationsScalar(x, from, n, mean, lanes)),
                Double.doubleToRawLongBits(squares), at);
        double[] sums = new double[4];
        double[] twin = new double[4];
        PlaneSums.gradientSums(g, x, from, n, meanF, inv, sums, 1);
        PlaneSums.gradientSumsScalar(g, x, from, n, meanF, inv, twin, 1, lanes);
        assertEquals(Double.doubleToRawLongBits(twin[1]), Double.doubleToRawLongBits(sums[1]), at);
        assertEquals(Double.doubleToRawLongBits(twin[2]), Double.doubleToRawLongBits(sums[2]), at);

        // against exact sums: each addition adds at most one ulp of the running magnitude
        BigDecimal exact = BigDecimal.ZERO;
        BigDecimal exactSquares = BigDecimal.ZERO;
        double magnitude = 0;
        double squareMagnitude = 0;
        for (int i = from; i < from + n; i++) {
            exact = exact.add(new BigDecimal(x[i]));
            magnitude += Math.abs(x[i]);
            double d = x[i] - mean; // float64 difference and square, as the kernels do
            exactSquares = exactSquares.add(new BigDecimal(d * d));
            squareMagnitude += d * d;
        }
        double bound = (n + 1) * Math.ulp(magnitude);
        assertTrue(Math.abs(sum - exact.doubleValue()) <= bound, at + ": sum " + sum + " vs " + exact);
        assertTrue(Math.abs(squares - exactSquares.doubleValue()) <= (n + 1) * Math.ulp(squareMagnitude),
                at + ": squares " + squares + " vs " + exactSquares);
    }

    @Test
    void theFoldAddsPairsThatAreHalfTheLanesApart() {
        // ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7)) for 8 lanes
        double[] acc = {1e16, 1, -1e16, 1, 3, 5, 7, 11};
        double expected = ((1e16 + 3) + (-1e16 + 7)) + ((1 + 5) + (1 + 11));
        assertEquals(expected, PlaneSums.fold(acc.clone()));
        float[] x = new float[11];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        assertEquals(66.0, PlaneSums.sumScalar(x, 0, 11, 4));
        assertEquals(0.0, PlaneSums.sum(x, 3, 0));
    }
}
