package org.era4j.kernel;

import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link KernelSpeciesTest} with {@code -Dera4j.simd.bits=N}: compares the
 * vector GEMM, row-start GEMM, Winograd transforms, ReLU, instance-norm, max-pool and plane-sum kernels with their scalar twins bit for bit under that species and exits
 * with status 1 (message on stderr) on the first difference.
 */
public final class SpeciesCheck {

    private SpeciesCheck() {
    }

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(5);
        int lanes = VectorSupport.Species.FLOAT.length();
        int[] sizes = {1, lanes - 1, lanes, lanes + 1, 3 * lanes + 2, 5 * lanes + 1, 37};
        try (Gemm gemm = new Gemm(2)) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int m : sizes) {
                        for (int n : sizes) {
                            int k = 11;
                            float[] a = random(r, m * k);
                            float[] b = random(r, k * n);
                            float[] c = random(r, m * n);
                            float[] d = c.clone();
                            gemm.multiply(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, 1f, c, 0, n);
                            GemmScalar.multiply(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, 1f, d, 0, n);
                            for (int i = 0; i < c.length; i++) {
                                if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(d[i])) {
                                    fail("GEMM " + VectorSupport.Species.FLOAT + " m=" + m + " n=" + n + " ta=" + ta + " tb=" + tb + " at " + i);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int m : sizes) {
            for (int n : new int[] {1, lanes - 1, lanes + 1, 3 * lanes + 2, 4 * lanes, 7 * lanes + 3}) {
                int k = 13;
                float[] a = random(r, m + k + 7);
                float[] b = random(r, n + k + 11);
                int[] aRows = new int[m];
                int[] bRows = new int[k];
                for (int i = 0; i < m; i++) {
                    aRows[i] = r.nextInt(a.length - k + 1);
                }
                for (int p = 0; p < k; p++) {
                    bRows[p] = r.nextInt(b.length - n + 1);
                }
                float[] c = random(r, m * n);
                float[] d = c.clone();
                IndexedGemm.multiply(m, n, k, a, aRows, b, bRows, 1f, c, 0, n);
                IndexedGemm.multiplyScalar(m, n, k, a, aRows, b, bRows, 1f, d, 0, n);
                for (int i = 0; i < c.length; i++) {
                    if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(d[i])) {
                        fail("indexed GEMM " + VectorSupport.Species.FLOAT + " m=" + m + " n=" + n + " at " + i);
                    }
                }
            }
        }
        for (int columns : new int[] {1, lanes - 1, lanes, 3 * lanes + 2, 224}) {
            int rowWidth = 15;
            int plane = columns + rowWidth + 2;
            float[] phases = random(r, 4 * plane);
            float[] v = new float[16 * columns];
            float[] twin = new float[16 * columns];
            WinogradKernel.inputTiles(phases, 0, plane, 2 * plane, 3 * plane, rowWidth, columns, v, 0, columns);
            WinogradKernel.inputTilesScalar(phases, 0, plane, 2 * plane, 3 * plane, rowWidth, 0, columns, twin, 0, columns);
            float[] quads = new float[4 * columns];
            float[] quadsTwin = new float[4 * columns];
            WinogradKernel.outputTiles(v, 0, columns, columns, 0.5f, quads, 0, columns);
            WinogradKernel.outputTilesScalar(v, 0, columns, 0, columns, 0.5f, quadsTwin, 0, columns);
            float[] evens = new float[2 * columns + 2];
            float[] odds = new float[2 * columns + 2];
            float[] evensTwin = new float[2 * columns + 2];
            float[] oddsTwin = new float[2 * columns + 2];
            WinogradKernel.splitRows(phases, 1, columns + 1, 2, columns, evens, 0, odds, 0, columns);
            WinogradKernel.splitRowsScalar(phases, 1, columns + 1, 2, columns, evensTwin, 0, oddsTwin, 0, columns);
            float[] merged = random(r, 2 * columns + 3);
            float[] mergedTwin = merged.clone();
            WinogradKernel.mergeRows(evens, 0, odds, 0, columns, 2, columns, merged, 0, columns + 3, true);
            WinogradKernel.mergeRowsScalar(evens, 0, odds, 0, columns, 2, columns, mergedTwin, 0, columns + 3, true);
            float[] gT = random(r, 7 * 5 * (lanes + 3));
            float[] gradient = new float[16 * 16 * (lanes + 3)];
            float[] gradientTwin = new float[gradient.length];
            WinogradKernel.gradientTilesChannelsLast(gT, 7, 5, lanes + 3, 0, 16, gradient);
            WinogradKernel.gradientTilesChannelsLastScalar(gT, 7, 5, lanes + 3, 0, 16, gradientTwin);
            if (!java.util.Arrays.equals(gradient, gradientTwin)) {
                fail("Winograd gradient tiles " + VectorSupport.Species.FLOAT);
            }
            if (!java.util.Arrays.equals(v, twin) || !java.util.Arrays.equals(quads, quadsTwin)
                    || !java.util.Arrays.equals(evens, evensTwin) || !java.util.Arrays.equals(odds, oddsTwin)
                    || !java.util.Arrays.equals(merged, mergedTwin)) {
                fail("Winograd transforms " + VectorSupport.Species.FLOAT + " columns=" + columns);
            }
        }
        for (int n : sizes) {
            float[] x = random(r, n);
            float[] g = random(r, n);
            float[] y = new float[n];
            float[] y2 = new float[n];
            float[] gx = new float[n];
            float[] gx2 = new float[n];
            ReluKernel.forward(x, y, n);
            ReluKernel.forwardScalar(x, y2, 0, n);
            ReluKernel.backward(x, g, gx, n);
            ReluKernel.backwardScalar(x, g, gx2, 0, n);
            if (!java.util.Arrays.equals(y, y2) || !java.util.Arrays.equals(gx, gx2)) {
                fail("ReLU " + VectorSupport.Species.FLOAT + " n=" + n);
            }
        }
        for (int n : sizes) {
            float[] x = random(r, n + 3);
            float[] g = random(r, n + 3);
            float[][] out = new float[6][n + 3];
            InstanceNormKernel.normalize(x, 3, out[0], 1, n, 0.25f, 1.5f, -0.75f, 0.125f, true);
            InstanceNormKernel.normalizeScalar(x, 3, out[1], 1, 0, n, 0.25f, 1.5f, -0.75f, 0.125f, true);
            InstanceNormKernel.rectifiedGradient(g, x, out[2], 3, n + 3, 0.25f, 1.5f, -0.75f, 0.125f);
            InstanceNormKernel.rectifiedGradientScalar(g, x, out[3], 3, n + 3, 0.25f, 1.5f, -0.75f, 0.125f);
            InstanceNormKernel.inputGradient(g, x, out[4], 3, n + 3, 0.25f, 1.5f, 0.5f, 0.0625f, -0.375f);
            InstanceNormKernel.inputGradientScalar(g, x, out[5], 3, n + 3, 0.25f, 1.5f, 0.5f, 0.0625f, -0.375f);
            if (!java.util.Arrays.equals(out[0], out[1]) || !java.util.Arrays.equals(out[2], out[3])
                    || !java.util.Arrays.equals(out[4], out[5])) {
                fail("instance norm passes " + VectorSupport.Species.FLOAT + " n=" + n);
            }
        }
        for (int width : new int[] {2, 2 * lanes, 2 * lanes + 2, 4 * lanes + 3, 28}) {
            float[] x = random(r, width * 5);
            for (int i = 3; i < x.length; i += 4) {
                x[i] = x[i - 3]; // ties across the window
            }
            x[7] = Float.NaN;
            x[9] = -0f;
            int outputs = 2 * (width / 2);
            float[] y = new float[outputs];
            float[] y2 = new float[outputs];
            int[] argmax = new int[outputs];
            int[] argmax2 = new int[outputs];
            MaxPoolKernel.pool2x2(x, 0, width, 2, width / 2, y, argmax, 0);
            MaxPoolKernel.pool2x2Scalar(x, 0, width, 2, width / 2, y2, argmax2, 0);
            if (!java.util.Arrays.equals(argmax, argmax2) || !java.util.Arrays.equals(y, y2)) {
                fail("max pool " + VectorSupport.Species.FLOAT + " width=" + width);
            }
        }
        for (int n : new int[] {0, 1, lanes - 1, lanes, 3 * lanes + 2, 784}) {
            float[] x = random(r, n + 1);
            float[] g = random(r, n + 1);
            double[] sums = new double[2];
            double[] twin = new double[2];
            PlaneSums.gradientSums(g, x, 1, n, 0.25f, 1.5f, sums, 0);
            PlaneSums.gradientSumsScalar(g, x, 1, n, 0.25f, 1.5f, twin, 0, lanes);
            if (PlaneSums.sum(x, 1, n) != PlaneSums.sumScalar(x, 1, n, lanes)
                    || PlaneSums.squaredDeviations(x, 1, n, 0.125) != PlaneSums.squaredDeviationsScalar(x, 1, n, 0.125, lanes)
                    || !java.util.Arrays.equals(sums, twin)) {
                fail("plane sums " + VectorSupport.Species.FLOAT + " n=" + n);
            }
        }
        System.out.println("ok " + VectorSupport.Species.FLOAT);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
