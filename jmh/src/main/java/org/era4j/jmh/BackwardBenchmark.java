package org.era4j.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ReferenceEraBackend;
import org.era4j.kernel.ScalarEraBackend;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.rational.EraSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fused ERA backward ({@code dx = dy * sigma'(x)} and all {@code 4n + 2} parameter gradients in
 * one pass over x and dy), n = 1 and n = 2, against the read-read-write stream {@code z = x * y}
 * of the same size: the backward reads two arrays and writes one, so that stream bounds it.
 *
 * <p>Setup checks dx and dParams of every variant against the float64 reference before timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class BackwardBenchmark {

    @Param({"4096", "65536", "1048576", "16777216", "1000003"})
    public int size;

    private final EraSpec spec1 = BenchData.spec(1);
    private final EraSpec spec2 = BenchData.spec(2);
    private final float[] p1 = BenchData.parameters(1);
    private final float[] p2 = BenchData.parameters(2);
    private final float[] dParams = new float[10];
    private float[] x;
    private float[] dy;
    private float[] dx;
    private EraExecutor executor;
    private ParallelRange parallel;

    @Setup(Level.Trial)
    public void setUp() {
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        dy = BenchData.uniform(size, 1f, BenchData.SEED + 1);
        dx = new float[size];
        int cores = Runtime.getRuntime().availableProcessors();
        executor = new EraExecutor(VectorEraBackend.INSTANCE, cores);
        parallel = new ParallelRange(cores);
        checkAgreement();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        parallel.close();
    }

    /**
     * dx within 1e-5 (relative to 1 + |dx|) and each parameter gradient within 1e-5 of
     * {@code sum |dy|} (the scale of a sum of {@code size} terms of order |dy|) of the reference.
     */
    private void checkAgreement() {
        double scale = 0;
        for (float g : dy) {
            scale += Math.abs(g);
        }
        float[] expectedDx = new float[size];
        float[] expectedDp = new float[10];
        for (int n = 1; n <= 2; n++) {
            EraSpec spec = n == 1 ? spec1 : spec2;
            float[] p = n == 1 ? p1 : p2;
            int count = spec.parameterCount();
            Arrays.fill(expectedDp, 0f);
            ReferenceEraBackend.INSTANCE.backward(spec, p, 0, x, 0, dy, 0, expectedDx, 0, expectedDp, 0, size);
            Arrays.fill(dParams, 0f);
            ScalarEraBackend.INSTANCE.backward(spec, p, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
            check("scalar n=" + n, expectedDx, expectedDp, count, scale);
            Arrays.fill(dParams, 0f);
            VectorEraBackend.INSTANCE.backward(spec, p, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
            check("vector n=" + n, expectedDx, expectedDp, count, scale);
            Arrays.fill(dParams, 0f);
            executor.backward(spec, ParameterSharing.layer(), p, 0, x, 0, dy, 0, dx, 0, dParams, 0, size, size);
            check("executor n=" + n, expectedDx, expectedDp, count, scale);
            if (n == 2) {
                Arrays.fill(dParams, 0f);
                ObviousEraLoops.backwardTwo(p, spec.eps(), x, dy, dx, dParams, size);
                check("obvious n=2", expectedDx, expectedDp, count, scale);
            }
        }
        float[] product = new float[size];
        Baselines.multiply(x, dy, product, 0, size);
        for (int i = 0; i < size; i++) {
            if (product[i] != x[i] * dy[i]) {
                throw new IllegalStateException("read-read-write baseline wrong at " + i);
            }
        }
    }

    private void check(String what, float[] expectedDx, float[] expectedDp, int count, double scale) {
        BenchData.assertClose(what + " dx", dx, expectedDx, size, 1e-5);
        for (int k = 0; k < count; k++) {
            if (!(Math.abs(dParams[k] - expectedDp[k]) <= 1e-5 * scale)) {
                throw new IllegalStateException(what + " dParams[" + k + "] = " + dParams[k]
                        + ", reference " + expectedDp[k]);
            }
        }
    }

    // ------------------------------------------------------------ baselines (independent of n)

    @Benchmark
    public float[] baselineReadReadWrite() {
        Baselines.multiply(x, dy, dx, 0, size);
        return dx;
    }

    @Benchmark
    public float[] baselineReadReadWriteAllThreads() {
        parallel.run(size, (from, to) -> Baselines.multiply(x, dy, dx, from, to));
        return dx;
    }

    // ------------------------------------------------------------ n = 1

    @Benchmark
    public float[] n1Scalar() {
        ScalarEraBackend.INSTANCE.backward(spec1, p1, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
        return dParams;
    }

    @Benchmark
    public float[] n1Vector() {
        VectorEraBackend.INSTANCE.backward(spec1, p1, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
        return dParams;
    }

    @Benchmark
    public float[] n1VectorAllThreads() {
        executor.backward(spec1, ParameterSharing.layer(), p1, 0, x, 0, dy, 0, dx, 0, dParams, 0, size, size);
        return dParams;
    }

    // ------------------------------------------------------------ n = 2

    @Benchmark
    public float[] n2Scalar() {
        ScalarEraBackend.INSTANCE.backward(spec2, p2, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
        return dParams;
    }

    /** Two divisions per element ({@code w_i = 1/q_i}). */
    @Benchmark
    public float[] n2ObviousTwoDivisions() {
        ObviousEraLoops.backwardTwo(p2, spec2.eps(), x, dy, dx, dParams, size);
        return dParams;
    }

    /** The kernel: one division per pair ({@code 1/(q1 q2)}, then {@code w1 = q2/(q1 q2)}). */
    @Benchmark
    public float[] n2Vector() {
        VectorEraBackend.INSTANCE.backward(spec2, p2, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
        return dParams;
    }

    @Benchmark
    public float[] n2VectorAllThreads() {
        executor.backward(spec2, ParameterSharing.layer(), p2, 0, x, 0, dy, 0, dx, 0, dParams, 0, size, size);
        return dParams;
    }

    // ------------------------------------------------------------ OpenCL / TornadoVM
    // PLACE FOR THE DEVICE BACKENDS (branch `opencl`, later tornado/): n1OpenCl / n2OpenCl calling
    // the OpenCL EraBackend's fused backward on device-resident buffers, checked in checkAgreement().
}
