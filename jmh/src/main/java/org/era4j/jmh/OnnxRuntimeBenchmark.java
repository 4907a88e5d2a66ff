package org.era4j.jmh;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.nn.EraActivation;
import org.era4j.nn.Sequential;
import org.era4j.onnx.OnnxExport;
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
 * One layer-wide n = 2 ERA forward over a flat float tensor of {@code size} floats (uniform in
 * [-4, 4), {@link BenchData}'s parameters), run by ONNX Runtime for Java (CPU execution provider)
 * on the model era4j's own ONNX export writes ({@link OnnxExport#export}: a {@link Sequential}
 * holding only an {@link EraActivation} with {@link ParameterSharing#layer()}, input shape
 * {@code (1, size)}, the ERA as 2 + 9n elementary {@code Mul}/{@code Add}/{@code Sub}/{@code Div}
 * nodes) against era4j's {@link VectorEraBackend} on {@code float[]}, and a vector copy as the
 * memory-traffic baseline, all in the same run.
 *
 * <p>ORT sessions: default graph optimisation level (all), {@code intraOpNumThreads} 1 (the
 * {@code *OneThread} rows, against era4j on the calling thread) and 2 (the {@code *TwoThreads}
 * rows, against {@link EraExecutor} with 2 threads and a 2-thread copy), default thread spinning.
 * Input and output are direct {@link FloatBuffer}s wrapped once in {@link OnnxTensor}s at setup and
 * reused; the output is pinned ({@code run(inputs, pinnedOutputs)}), so ORT writes into it and
 * neither tensor allocation nor a copy back to Java is measured in {@code ortOneThread} and
 * {@code ortTwoThreads}. What ORT allocates internally for the intermediate nodes (from its arena)
 * and the per-call JNI / {@code Result} overhead are included. {@code ortOneThreadFreshOutput}
 * lets ORT allocate the output per call (no pinned output, still no copy to Java);
 * {@code ortOneThreadArrays} is what a caller holding {@code float[]} pays: copy {@code x} into
 * the direct input buffer, run with the pinned output, copy the output into {@code y}.
 *
 * <p>Setup checks ORT's output against the {@code float[]} kernel (1e-4 relative).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class OnnxRuntimeBenchmark {

    @Param({"1048576", "16777216"})
    public int size;

    private final EraSpec spec = BenchData.spec(2);
    private final float[] p = BenchData.parameters(2);
    private float[] x;
    private float[] y;
    private EraExecutor executor2;
    private ParallelRange parallel2;

    private OrtEnvironment env;
    private OrtSession session1;
    private OrtSession session2;
    private FloatBuffer inBuffer;
    private FloatBuffer outBuffer;
    private OnnxTensor input;
    private OnnxTensor output;
    private Map<String, OnnxTensor> inputs;
    private Map<String, OnnxTensor> pinned;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        y = new float[size];
        executor2 = new EraExecutor(VectorEraBackend.INSTANCE, 2);
        parallel2 = new ParallelRange(2);

        Sequential model = new Sequential().add("era", new EraActivation(spec, ParameterSharing.layer(), p));
        OnnxMl.ModelProto proto = OnnxExport.export(model, new int[] {size}, "era-layer");
        byte[] bytes = proto.toByteArray();
        env = OrtEnvironment.getEnvironment();
        session1 = session(bytes, 1);
        session2 = session(bytes, 2);

        long[] dims = {1, size};
        inBuffer = directFloats(size);
        inBuffer.put(0, x);
        outBuffer = directFloats(size);
        input = OnnxTensor.createTensor(env, inBuffer, dims);
        output = OnnxTensor.createTensor(env, outBuffer, dims);
        inputs = Map.of(OnnxExport.INPUT, input);
        pinned = Map.of(OnnxExport.OUTPUT, output);

        float[] expected = floatArrayOneThread().clone();
        BenchData.assertClose("era4j on 2 threads vs 1", floatArrayTwoThreads().clone(), expected, size, 0);
        ortOneThread();
        BenchData.assertClose("ORT 1 thread vs float[]", outFloats(), expected, size, 1e-4);
        outBuffer.put(0, new float[size]);
        ortTwoThreads();
        BenchData.assertClose("ORT 2 threads vs float[]", outFloats(), expected, size, 1e-4);
        java.util.Arrays.fill(y, 0f);
        ortOneThreadArrays();
        BenchData.assertClose("ORT from/to float[] vs float[]", y, expected, size, 1e-4);
        try (OrtSession.Result r = session1.run(inputs)) {
            FloatBuffer fresh = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] viaFresh = new float[size];
            fresh.get(viaFresh);
            BenchData.assertClose("ORT fresh output vs float[]", viaFresh, expected, size, 1e-4);
        }
        baselineCopyVector();
        BenchData.assertClose("vector copy", y, x, size, 0);
    }

    private OrtSession session(byte[] model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            return env.createSession(model, options);
        }
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    private float[] outFloats() {
        float[] values = new float[size];
        outBuffer.get(0, values);
        return values;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        input.close();
        output.close();
        session1.close();
        session2.close();
        executor2.close();
        parallel2.close();
    }

    // ------------------------------------------------------------ baselines

    @Benchmark
    public float[] baselineCopyVector() {
        Baselines.copy(x, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] baselineCopyVectorTwoThreads() {
        parallel2.run(size, (from, to) -> Baselines.copy(x, y, from, to));
        return y;
    }

    // ------------------------------------------------------------ era4j

    @Benchmark
    public float[] floatArrayOneThread() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] floatArrayTwoThreads() {
        executor2.forward(spec, ParameterSharing.layer(), p, 0, x, 0, y, 0, size, size);
        return y;
    }

    // ------------------------------------------------------------ ONNX Runtime

    /** Direct input, pinned direct output: ORT's own time on the exported graph. */
    @Benchmark
    public float ortOneThread() throws OrtException {
        try (OrtSession.Result r = session1.run(inputs, pinned)) {
            return outBuffer.get(size - 1);
        }
    }

    @Benchmark
    public float ortTwoThreads() throws OrtException {
        try (OrtSession.Result r = session2.run(inputs, pinned)) {
            return outBuffer.get(size - 1);
        }
    }

    /**
     * ORT allocates the output tensor per call (its arena) and frees it on {@code close()};
     * nothing is read back ({@code getFloatBuffer()} would copy the whole output).
     */
    @Benchmark
    public int ortOneThreadFreshOutput() throws OrtException {
        try (OrtSession.Result r = session1.run(inputs)) {
            return r.size();
        }
    }

    /** From {@code float[]} to {@code float[]}: copy in, run (pinned output), copy out. */
    @Benchmark
    public float[] ortOneThreadArrays() throws OrtException {
        inBuffer.put(0, x);
        try (OrtSession.Result r = session1.run(inputs, pinned)) {
            outBuffer.get(0, y);
        }
        return y;
    }
}
