package org.era4j.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.rational.EraSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ERA forward and fused backward on a TornadoVM device, with and without host-device transfers,
 * beside same-run CPU baselines on the same off-heap memory: a plain copy of the tensor and the
 * Vector API backend reading the plans' FloatArray segments in place.
 *
 * <p>Plans are built and compiled in setup; setup checks that the device results are within
 * {@link EraAccuracy}'s bounds before anything is timed. Variants:
 * <ul>
 *   <li>{@code *WithTransfers}: a {@code COPY_EVERY_RUN} plan; each run sends shape, parameters
 *       and inputs and brings outputs (and gradients) back.</li>
 *   <li>{@code *Resident}: a {@code DEVICE_RESIDENT} plan; inputs and parameters were sent at the
 *       first execution ({@code FIRST_EXECUTION}), outputs stay on the device.</li>
 *   <li>{@code backend*}: the {@code EraBackend} adapter on heap arrays (staging copies included).</li>
 * </ul>
 * Run under the SDK (see docs/tornadovm.md):
 * {@code java @$TORNADOVM_HOME/tornado-argfile -cp ... org.openjdk.jmh.Main EraTornadoBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EraTornadoBenchmark {

    /** Not multiples of the work-group or lane counts. */
    @Param({"65521", "1048573"})
    public int length;

    /** Fractions: the paper's 5/4 (n = 2) and the largest (n = 8). */
    @Param({"2", "8"})
    public int fractions;

    private EraSpec spec;
    private float[] params;
    private float[] heapX;
    private float[] heapDy;
    private float[] heapOut;
    private float[] heapGradients;
    private EraPlan copying;
    private EraPlan resident;
    private TornadoEraBackend backend;

    @Setup(Level.Trial)
    public void setUp() {
        spec = new EraSpec(fractions, EraSpec.DEFAULT_EPS);
        Random random = new Random(42);
        params = new float[spec.parameterCount()];
        for (int k = 0; k < params.length; k++) {
            params[k] = (float) (2 * random.nextDouble() - 1);
        }
        heapX = new float[length];
        heapDy = new float[length];
        for (int i = 0; i < length; i++) {
            heapX[i] = (float) (3 * random.nextGaussian());
            heapDy[i] = (float) random.nextGaussian();
        }
        heapOut = new float[length];
        heapGradients = new float[spec.parameterCount()];
        backend = TornadoEraBackend.create();
        KernelShape shape = KernelShape.of(spec, ParameterSharing.layer(), length, 1);
        copying = new EraPlan(backend.device(), length, 1, EraPlan.Residency.COPY_EVERY_RUN);
        resident = new EraPlan(backend.device(), length, 1, EraPlan.Residency.DEVICE_RESIDENT);
        for (EraPlan plan : new EraPlan[] {copying, resident}) {
            plan.load(spec.eps(), shape, params, 0);
            MemorySegment.copy(heapX, 0, plan.x(), ValueLayout.JAVA_FLOAT, 0, length);
            MemorySegment.copy(heapDy, 0, plan.dy(), ValueLayout.JAVA_FLOAT, 0, length);
            plan.runForward();
            plan.runBackward();
            plan.fetchForward();
            plan.fetchBackward();
            check(plan);
        }
        backend.forward(spec, params, 0, heapX, 0, heapOut, 0, length);
        require(EraAccuracy.forwardError(spec, params, heapX, heapOut).passed(), "backend forward out of bounds");
        backend.backward(spec, params, 0, heapX, 0, heapDy, 0, heapOut, 0, heapGradients, 0, length);
        require(EraAccuracy.backwardError(spec, params, heapX, heapDy, heapOut, heapGradients,
                new float[params.length]).passed(), "backend backward out of bounds");
    }

    private void check(EraPlan plan) {
        float[] y = plan.y().asSlice(0, 4L * length).toArray(ValueLayout.JAVA_FLOAT);
        require(EraAccuracy.forwardError(spec, params, heapX, y).passed(), plan.residency() + " forward out of bounds");
        float[] dx = plan.dx().asSlice(0, 4L * length).toArray(ValueLayout.JAVA_FLOAT);
        float[] g = plan.gradients().asSlice(0, 4L * params.length).toArray(ValueLayout.JAVA_FLOAT);
        require(EraAccuracy.backwardError(spec, params, heapX, heapDy, dx, g, new float[params.length]).passed(),
                plan.residency() + " backward out of bounds");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        copying.close();
        resident.close();
        backend.close();
    }

    /** Baseline: one host copy of the tensor (off-heap to off-heap). */
    @Benchmark
    public void copyBaseline(Blackhole bh) {
        MemorySegment.copy(copying.x(), 0, copying.dy(), 0, 4L * length);
        bh.consume(copying.dy().get(ValueLayout.JAVA_FLOAT, 0));
    }

    /** Baseline: the Vector API forward on the plan's own FloatArray memory (no copy). */
    @Benchmark
    public void vectorForward(Blackhole bh) {
        VectorEraBackend.INSTANCE.forward(spec, params, 0, resident.x(), 0, resident.y(), 0, length);
        bh.consume(resident.y().get(ValueLayout.JAVA_FLOAT, 0));
    }

    /** Baseline: the Vector API fused backward on the plan's own FloatArray memory. */
    @Benchmark
    public void vectorBackward(Blackhole bh) {
        java.util.Arrays.fill(heapGradients, 0f);
        VectorEraBackend.INSTANCE.backward(spec, params, 0, resident.x(), 0, resident.dy(), 0, resident.dx(), 0,
                heapGradients, 0, length);
        bh.consume(heapGradients);
    }

    @Benchmark
    public void forwardWithTransfers(Blackhole bh) {
        copying.runForward();
        bh.consume(copying.y().get(ValueLayout.JAVA_FLOAT, 0));
    }

    @Benchmark
    public void forwardResident(Blackhole bh) {
        resident.runForward();
        bh.consume(resident);
    }

    @Benchmark
    public void backwardWithTransfers(Blackhole bh) {
        copying.runBackward();
        bh.consume(copying.gradients().get(ValueLayout.JAVA_FLOAT, 0));
    }

    @Benchmark
    public void backwardResident(Blackhole bh) {
        resident.runBackward();
        bh.consume(resident);
    }

    /** The EraBackend adapter: heap arrays in and out, staging copies and transfers included. */
    @Benchmark
    public void backendForward(Blackhole bh) {
        backend.forward(spec, params, 0, heapX, 0, heapOut, 0, length);
        bh.consume(heapOut);
    }

    @Benchmark
    public void backendBackward(Blackhole bh) {
        java.util.Arrays.fill(heapGradients, 0f);
        backend.backward(spec, params, 0, heapX, 0, heapDy, 0, heapOut, 0, heapGradients, 0, length);
        bh.consume(heapGradients);
    }
}
