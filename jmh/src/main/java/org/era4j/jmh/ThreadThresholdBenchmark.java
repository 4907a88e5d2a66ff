package org.era4j.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
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
 * Where multi-threading starts to pay: {@link EraExecutor} with one thread against one thread per
 * core, n = 2 forward and fused backward, for sizes between one executor chunk
 * ({@link EraExecutor#CHUNK} = 16 Ki elements, below which the executor already stays on the
 * calling thread) and 512 Ki. The smallest size at which all threads win is the threshold to use.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ThreadThresholdBenchmark {

    @Param({"32768", "65536", "131072", "262144", "524288"})
    public int size;

    private final EraSpec spec = BenchData.spec(2);
    private final float[] p = BenchData.parameters(2);
    private final float[] dParams = new float[10];
    private float[] x;
    private float[] dy;
    private float[] out;
    private EraExecutor one;
    private EraExecutor all;

    @Setup(Level.Trial)
    public void setUp() {
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        dy = BenchData.uniform(size, 1f, BenchData.SEED + 1);
        out = new float[size];
        one = new EraExecutor(VectorEraBackend.INSTANCE, 1);
        all = new EraExecutor(VectorEraBackend.INSTANCE, Runtime.getRuntime().availableProcessors());
        float[] expected = new float[size];
        one.forward(spec, ParameterSharing.layer(), p, 0, x, 0, expected, 0, size, size);
        all.forward(spec, ParameterSharing.layer(), p, 0, x, 0, out, 0, size, size);
        if (!Arrays.equals(expected, out)) {
            throw new IllegalStateException("executor forward differs between 1 and all threads");
        }
        float[] dpOne = new float[10];
        one.backward(spec, ParameterSharing.layer(), p, 0, x, 0, dy, 0, expected, 0, dpOne, 0, size, size);
        all.backward(spec, ParameterSharing.layer(), p, 0, x, 0, dy, 0, out, 0, dParams, 0, size, size);
        if (!Arrays.equals(expected, out) || !Arrays.equals(dpOne, dParams)) {
            throw new IllegalStateException("executor backward differs between 1 and all threads");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        one.close();
        all.close();
    }

    @Benchmark
    public float[] forwardOneThread() {
        one.forward(spec, ParameterSharing.layer(), p, 0, x, 0, out, 0, size, size);
        return out;
    }

    @Benchmark
    public float[] forwardAllThreads() {
        all.forward(spec, ParameterSharing.layer(), p, 0, x, 0, out, 0, size, size);
        return out;
    }

    @Benchmark
    public float[] backwardOneThread() {
        one.backward(spec, ParameterSharing.layer(), p, 0, x, 0, dy, 0, out, 0, dParams, 0, size, size);
        return dParams;
    }

    @Benchmark
    public float[] backwardAllThreads() {
        all.backward(spec, ParameterSharing.layer(), p, 0, x, 0, dy, 0, out, 0, dParams, 0, size, size);
        return dParams;
    }
}
