package org.era4j.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
 * The vector backend's n = 2 forward and fused backward on the same data held four ways: float[]
 * (the array kernels), a 64-byte-aligned native segment, a heap segment over the float[]
 * ({@code MemorySegment.ofArray}), and a native segment one byte off float alignment (what a
 * byte[]-backed or packed buffer may hand over), plus a heap segment over a byte[] (the staged
 * route, for its cost). All run in one JMH session so their ratios are
 * comparable; the target is segment time within 1.1x of float[] time.
 *
 * <p>Setup checks that every segment variant gives bitwise the array path's y, dx and dParams.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class SegmentBenchmark {

    @Param({"1048576", "16777216"})
    public int size;

    private final EraSpec spec = BenchData.spec(2);
    private final float[] p = BenchData.parameters(2);
    private final float[] dParams = new float[10];
    private float[] x;
    private float[] dy;
    private float[] out;
    private Arena arena;
    private MemorySegment xNative;
    private MemorySegment dyNative;
    private MemorySegment outNative;
    private MemorySegment xHeap;
    private MemorySegment dyHeap;
    private MemorySegment outHeap;
    private MemorySegment xUnaligned;
    private MemorySegment dyUnaligned;
    private MemorySegment outUnaligned;
    private MemorySegment xBytes;
    private MemorySegment dyBytes;
    private MemorySegment outBytes;

    @Setup(Level.Trial)
    public void setUp() {
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        dy = BenchData.uniform(size, 1f, BenchData.SEED + 1);
        out = new float[size];
        arena = Arena.ofShared();
        long bytes = (long) size * Float.BYTES;
        xNative = arena.allocate(bytes, 64).copyFrom(MemorySegment.ofArray(x));
        dyNative = arena.allocate(bytes, 64).copyFrom(MemorySegment.ofArray(dy));
        outNative = arena.allocate(bytes, 64);
        xHeap = MemorySegment.ofArray(x);
        dyHeap = MemorySegment.ofArray(dy);
        outHeap = MemorySegment.ofArray(new float[size]);
        xUnaligned = arena.allocate(bytes + 1, 64).asSlice(1).copyFrom(MemorySegment.ofArray(x));
        dyUnaligned = arena.allocate(bytes + 1, 64).asSlice(1).copyFrom(MemorySegment.ofArray(dy));
        outUnaligned = arena.allocate(bytes + 1, 64).asSlice(1);
        xBytes = MemorySegment.ofArray(new byte[(int) bytes]).copyFrom(MemorySegment.ofArray(x));
        dyBytes = MemorySegment.ofArray(new byte[(int) bytes]).copyFrom(MemorySegment.ofArray(dy));
        outBytes = MemorySegment.ofArray(new byte[(int) bytes]);
        checkAgreement();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private void checkAgreement() {
        forwardArray();
        float[] y = out.clone();
        forwardNative();
        same("forward, native segment", y, outNative);
        forwardHeap();
        same("forward, heap segment", y, outHeap);
        forwardNativeUnaligned();
        same("forward, unaligned native segment", y, outUnaligned);
        forwardHeapBytes();
        same("forward, byte[] heap segment", y, outBytes);

        Arrays.fill(dParams, 0f);
        backwardArray();
        float[] dx = out.clone();
        float[] gradients = dParams.clone();
        for (String variant : new String[] {"native", "heap", "unaligned", "bytes"}) {
            Arrays.fill(dParams, 0f);
            MemorySegment result = switch (variant) {
                case "native" -> backwardNative();
                case "heap" -> backwardHeap();
                case "bytes" -> backwardHeapBytes();
                default -> backwardNativeUnaligned();
            };
            same("backward dx, " + variant + " segment", dx, result);
            if (!Arrays.equals(gradients, dParams)) {
                throw new IllegalStateException("backward dParams, " + variant + " segment: "
                        + Arrays.toString(dParams) + " vs array " + Arrays.toString(gradients));
            }
        }
    }

    private static void same(String what, float[] expected, MemorySegment actual) {
        float[] values = actual.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        if (!Arrays.equals(expected, values)) {
            throw new IllegalStateException(what + " differs from the float[] path at index "
                    + Arrays.mismatch(expected, values));
        }
    }

    @Benchmark
    public float[] forwardArray() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, x, 0, out, 0, size);
        return out;
    }

    @Benchmark
    public MemorySegment forwardNative() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, xNative, 0, outNative, 0, size);
        return outNative;
    }

    @Benchmark
    public MemorySegment forwardHeap() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, xHeap, 0, outHeap, 0, size);
        return outHeap;
    }

    @Benchmark
    public MemorySegment forwardNativeUnaligned() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, xUnaligned, 0, outUnaligned, 0, size);
        return outUnaligned;
    }

    @Benchmark
    public float[] backwardArray() {
        VectorEraBackend.INSTANCE.backward(spec, p, 0, x, 0, dy, 0, out, 0, dParams, 0, size);
        return out;
    }

    @Benchmark
    public MemorySegment backwardNative() {
        VectorEraBackend.INSTANCE.backward(spec, p, 0, xNative, 0, dyNative, 0, outNative, 0, dParams, 0, size);
        return outNative;
    }

    @Benchmark
    public MemorySegment backwardHeap() {
        VectorEraBackend.INSTANCE.backward(spec, p, 0, xHeap, 0, dyHeap, 0, outHeap, 0, dParams, 0, size);
        return outHeap;
    }

    @Benchmark
    public MemorySegment backwardNativeUnaligned() {
        VectorEraBackend.INSTANCE.backward(spec, p, 0, xUnaligned, 0, dyUnaligned, 0, outUnaligned, 0,
                dParams, 0, size);
        return outUnaligned;
    }

    @Benchmark
    public MemorySegment forwardHeapBytes() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, xBytes, 0, outBytes, 0, size);
        return outBytes;
    }

    @Benchmark
    public MemorySegment backwardHeapBytes() {
        VectorEraBackend.INSTANCE.backward(spec, p, 0, xBytes, 0, dyBytes, 0, outBytes, 0, dParams, 0, size);
        return outBytes;
    }
}
