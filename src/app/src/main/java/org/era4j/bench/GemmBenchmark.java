package org.era4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.era4j.kernel.Gemm;
import org.era4j.kernel.GemmScalar;
import org.era4j.kernel.VectorSupport;

/**
 * Prints GEMM throughput (GFLOPS = 2 m n k / time) for 512x512x512 and the FCN's shapes at batch
 * 64, on 1 and 2 threads, next to the scalar twin and a register-resident FMA loop that measures
 * the FMA peak this JVM reaches on one core. Single-thread figures use the thread's CPU time, two-thread
 * figures wall time. Not a test: timings depend on the machine and its load.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/classes org.era4j.kernel.GemmBenchmark}
 */
public final class GemmBenchmark {

    private GemmBenchmark() {
    }

    public static void main(String[] args) {
        System.out.println("species " + VectorSupport.Species.FLOAT + ", cores " + Runtime.getRuntime().availableProcessors());
        double peak = fmaPeak();
        System.out.printf("register-resident FMA loop, 1 thread: %.1f GFLOPS (12 accumulators of %d lanes)%n",
                peak, VectorSupport.Species.FLOAT.length());
        int[][] shapes = {
            // m, n, k, transA, transB
            {512, 512, 512, 0, 0},
            {64, 512, 784, 0, 1},   // FCN 28x28 layer 1 forward: x (64,784) W^T
            {64, 512, 3072, 0, 1},  // FCN 32x32x3 layer 1 forward
            {64, 256, 512, 0, 1},
            {64, 128, 256, 0, 1},
            {64, 10, 128, 0, 1},
            {512, 784, 64, 1, 0},   // FCN layer 1 weight gradient g^T x
            {64, 784, 512, 0, 0},   // FCN layer 1 input gradient g W
            {64, 784, 576, 0, 0},   // CNN conv2 per sample: W (64,576) col (576,784)
        };
        for (int[] s : shapes) {
            for (int threads : new int[] {1, 2}) {
                double g = measure(s[0], s[1], s[2], s[3] == 1, s[4] == 1, threads);
                System.out.printf("m=%4d n=%4d k=%4d %s%s threads=%d: %6.1f GFLOPS%n", s[0], s[1], s[2],
                        s[3] == 1 ? "A^T" : "A", s[4] == 1 ? " B^T" : " B", threads, g);
            }
        }
        System.out.printf("scalar twin m=n=k=256: %.2f GFLOPS%n", measureScalar(256));
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Nanoseconds: the calling thread's CPU time when all work runs on it (robust to other
     * processes sharing the cores), else wall time.
     */
    private static long now(boolean cpuTime) {
        return cpuTime ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double fmaPeak() {
        float[] seed = new float[VectorSupport.Species.FLOAT.length()];
        Arrays.fill(seed, 1e-3f);
        double best = 0;
        for (int rep = 0; rep < 7; rep++) {
            long iterations = 20_000_000;
            long start = now(true);
            float sink = fmaLoop(seed, iterations);
            long time = now(true) - start;
            if (sink == 42f) {
                System.out.print("");
            }
            best = Math.max(best, 12.0 * 2 * VectorSupport.Species.FLOAT.length() * iterations / time);
        }
        return best;
    }

    private static float fmaLoop(float[] seed, long iterations) {
        FloatVector x = FloatVector.fromArray(VectorSupport.Species.FLOAT, seed, 0);
        FloatVector y = x.mul(0.999f);
        FloatVector a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(y, x);
            a1 = a1.fma(y, x);
            a2 = a2.fma(y, x);
            a3 = a3.fma(y, x);
            a4 = a4.fma(y, x);
            a5 = a5.fma(y, x);
            a6 = a6.fma(y, x);
            a7 = a7.fma(y, x);
            a8 = a8.fma(y, x);
            a9 = a9.fma(y, x);
            a10 = a10.fma(y, x);
            a11 = a11.fma(y, x);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static double measure(int m, int n, int k, boolean ta, boolean tb, int threads) {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble();
        }
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(3, Math.min(2000, 2e9 / flops));
        double best = 0;
        try (Gemm gemm = new Gemm(threads)) {
            for (int round = 0; round < 6; round++) {
                long start = now(threads == 1);
                for (int rep = 0; rep < reps; rep++) {
                    gemm.multiply(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                }
                long time = now(threads == 1) - start;
                best = Math.max(best, flops * reps / time);
            }
        }
        return best;
    }

    private static double measureScalar(int size) {
        float[] a = new float[size * size];
        float[] b = new float[size * size];
        float[] c = new float[size * size];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = now(true);
            GemmScalar.multiply(false, false, size, size, size, a, 0, size, b, 0, size, 0f, c, 0, size);
            long time = now(true) - start;
            best = Math.max(best, 2.0 * size * size * size / time);
        }
        return best;
    }
}
