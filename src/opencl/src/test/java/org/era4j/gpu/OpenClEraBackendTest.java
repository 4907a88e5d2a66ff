package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ScalarEraBackend;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance of the OpenCL backend: every n, sizes 0..primes, offsets, edge inputs, bad input. */
class OpenClEraBackendTest {

    private static OpenClEraBackend backend;

    @BeforeAll
    static void openDevice() {
        backend = OpenClTestSupport.backend();
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void forwardAndBackwardMatchTheReferenceForEverySize(int n) {
        EraSpec spec = EraSpec.of(n);
        for (int size : EraTestData.SIZES) {
            int offset = size % 3;
            float[] params = EraTestData.parameters(spec, 1, 10 * n + size);
            float[] paddedParams = new float[params.length + 2];
            System.arraycopy(params, 0, paddedParams, 2, params.length);
            float[] x = new float[size + offset];
            System.arraycopy(EraTestData.values(size, 5, size), 0, x, offset, size);
            float[] dy = new float[size + 1];
            System.arraycopy(EraTestData.values(size, 2, size + 7), 0, dy, 1, size);
            float[] y = new float[size + 4];
            backend.forward(spec, paddedParams, 2, x, offset, y, 4, size);
            EraExpectations.checkForward(spec, paddedParams, 2, i -> 0, x, offset, y, 4, size);

            float[] dx = new float[size + 2];
            float[] dParams = EraTestData.values(spec.parameterCount() + 1, 1, n);
            float[] before = dParams.clone();
            backend.backward(spec, paddedParams, 2, x, offset, dy, 1, dx, 2, dParams, 1, size);
            EraExpectations.checkBackward(spec, paddedParams, 2, i -> 0, 1, x, offset, dy, 1, dx, 2,
                    before, dParams, 1, size, EraExpectations.reductionDepth(backend.kernels(), spec, ParameterSharing.layer(), size, 1));
            assertEquals(before[0], dParams[0], "dParams outside the set must not change");
        }
    }

    @Test
    void edgeInputsStayWithinBounds() {
        for (int n = 1; n <= 8; n++) {
            EraSpec spec = EraSpec.of(n);
            float[] params = EraTestData.parameters(spec, 1, 99 + n);
            float[] x = EraTestData.EDGE_X.clone();
            float[] y = new float[x.length];
            backend.forward(spec, params, 0, x, 0, y, 0, x.length);
            EraExpectations.checkForward(spec, params, 0, i -> 0, x, 0, y, 0, x.length);
            float[] dy = new float[x.length];
            Arrays.fill(dy, 0.5f);
            float[] dx = new float[x.length];
            float[] dParams = new float[spec.parameterCount()];
            backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
            EraExpectations.checkBackward(spec, params, 0, i -> 0, 1, x, 0, dy, 0, dx, 0,
                    new float[dParams.length], dParams, 0, x.length, x.length + 8);
        }
    }

    @Test
    void nanAndInfinityGiveNan() {
        EraSpec spec = EraSpec.of(3);
        float[] params = EraTestData.parameters(spec, 1, 5);
        float[] x = {1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -2f};
        float[] y = new float[x.length];
        backend.forward(spec, params, 0, x, 0, y, 0, x.length);
        EraExpectations.checkForward(spec, params, 0, i -> 0, x, 0, y, 0, x.length);
        assertTrue(Float.isNaN(y[1]) && Float.isNaN(y[2]) && Float.isNaN(y[3]), Arrays.toString(y));
        float[] dy = {1f, 1f, 1f, 1f, 1f};
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        EraExpectations.checkBackward(spec, params, 0, i -> 0, 1, x, 0, dy, 0, dx, 0,
                new float[dParams.length], dParams, 0, x.length, 16);
        assertTrue(Float.isFinite(dx[0]) && Float.isNaN(dx[1]) && Float.isNaN(dx[2]), Arrays.toString(dx));
    }

    @Test
    void inPlaceAliasingMatchesSeparateBuffers() {
        EraSpec spec = EraSpec.of(2);
        float[] params = EraTestData.parameters(spec, 1, 17);
        float[] x = EraTestData.values(101, 4, 3);
        float[] dy = EraTestData.values(101, 1, 4);
        float[] y = new float[101];
        backend.forward(spec, params, 0, x, 0, y, 0, 101);
        float[] inPlace = x.clone();
        backend.forward(spec, params, 0, inPlace, 0, inPlace, 0, 101);
        assertArrayEquals(y, inPlace);

        float[] dx = new float[101];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, 101);
        float[] xAlias = x.clone();
        float[] dParamsX = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, xAlias, 0, dy, 0, xAlias, 0, dParamsX, 0, 101);
        assertArrayEquals(dx, xAlias);
        assertArrayEquals(dParams, dParamsX);
        float[] dyAlias = dy.clone();
        float[] dParamsDy = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dyAlias, 0, dyAlias, 0, dParamsDy, 0, 101);
        assertArrayEquals(dx, dyAlias);
        assertArrayEquals(dParams, dParamsDy);
    }

    @Test
    void repeatedCallsGiveIdenticalBitsAndAccumulate() {
        EraSpec spec = EraSpec.of(4);
        float[] params = EraTestData.parameters(spec, 1, 23);
        float[] x = EraTestData.values(70001, 6, 5);
        float[] dy = EraTestData.values(70001, 1, 6);
        float[] dx1 = new float[x.length];
        float[] dx2 = new float[x.length];
        float[] once = new float[spec.parameterCount()];
        float[] again = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx1, 0, once, 0, x.length);
        backend.backward(spec, params, 0, x, 0, dy, 0, dx2, 0, again, 0, x.length);
        assertArrayEquals(dx1, dx2);
        assertArrayEquals(once, again);
        float[] twice = once.clone();
        backend.backward(spec, params, 0, x, 0, dy, 0, dx2, 0, twice, 0, x.length);
        for (int k = 0; k < once.length; k++) {
            assertEquals(once[k] + once[k], twice[k], "dParams must accumulate: slot " + k);
        }
    }

    @Test
    void memorySegmentOverloadsMatchArrays() {
        EraSpec spec = EraSpec.of(5);
        float[] params = EraTestData.parameters(spec, 1, 31);
        int length = 1021;
        float[] x = EraTestData.values(length, 5, 8);
        float[] dy = EraTestData.values(length, 1, 9);
        float[] y = new float[length];
        float[] dx = new float[length];
        float[] dParams = new float[spec.parameterCount()];
        backend.forward(spec, params, 0, x, 0, y, 0, length);
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = arena.allocate(ValueLayout.JAVA_FLOAT, length + 3);
            MemorySegment dys = arena.allocate(ValueLayout.JAVA_FLOAT, length);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, length + 1);
            MemorySegment.copy(x, 0, xs, ValueLayout.JAVA_FLOAT, 3L * Float.BYTES, length);
            MemorySegment.copy(dy, 0, dys, ValueLayout.JAVA_FLOAT, 0, length);
            backend.forward(spec, params, 0, xs, 3, out, 1, length);
            assertArrayEquals(y, out.asSlice(Float.BYTES, (long) length * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT));
            float[] dParamsSegment = new float[spec.parameterCount()];
            backend.backward(spec, params, 0, xs, 3, dys, 0, out, 1, dParamsSegment, 0, length);
            assertArrayEquals(dx, out.asSlice(Float.BYTES, (long) length * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT));
            assertArrayEquals(dParams, dParamsSegment);
            MemorySegment heap = MemorySegment.ofArray(x.clone());
            backend.forward(spec, params, 0, heap, 0, heap, 0, length);
            assertArrayEquals(y, heap.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    /**
     * The kernels perform the CPU's float32 operations in the CPU's order, so on a device with
     * IEEE division and subnormals the forward values and input gradients are the same bits as
     * {@link ScalarEraBackend}'s (parameter gradients are summed in another order and are not).
     */
    @Test
    void ieeeDevicesReproduceTheScalarBackendBitForBit() {
        ClDevice device = backend.device();
        assumeTrue(device.correctlyRoundedDivide() && device.denormals(),
                "needs correctly rounded fp32 division and subnormals; " + device.name() + " lacks one");
        for (int n = 1; n <= 8; n++) {
            EraSpec spec = EraSpec.of(n);
            float[] params = EraTestData.parameters(spec, 1, 500 + n);
            float[] x = EraTestData.values(4099 + EraTestData.EDGE_X.length, 7, n);
            System.arraycopy(EraTestData.EDGE_X, 0, x, 0, EraTestData.EDGE_X.length);
            float[] dy = EraTestData.values(x.length, 1, n + 50);
            float[] want = new float[x.length];
            float[] got = new float[x.length];
            ScalarEraBackend.INSTANCE.forward(spec, params, 0, x, 0, want, 0, x.length);
            backend.forward(spec, params, 0, x, 0, got, 0, x.length);
            assertArrayEquals(want, got, "forward n=" + n);
            ScalarEraBackend.INSTANCE.backward(spec, params, 0, x, 0, dy, 0, want, 0, new float[params.length], 0, x.length);
            backend.backward(spec, params, 0, x, 0, dy, 0, got, 0, new float[params.length], 0, x.length);
            assertArrayEquals(want, got, "dx n=" + n);
        }
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        EraSpec spec = EraSpec.of(2);
        float[] params = EraTestData.parameters(spec, 1, 1);
        float[] x = new float[10];
        float[] y = new float[10];
        float[] dParams = new float[spec.parameterCount()];
        assertMessage("x: range", () -> backend.forward(spec, params, 0, x, 5, y, 0, 6));
        assertMessage("length must be >= 0", () -> backend.forward(spec, params, 0, x, 0, y, 0, -1));
        assertMessage("ERA parameters", () -> backend.forward(spec, new float[3], 0, x, 0, y, 0, 4));
        assertMessage("partly overlaps", () -> backend.forward(spec, params, 0, x, 0, x, 1, 5));
        assertMessage("is null", () -> backend.backward(spec, params, 0, x, 0, null, 0, y, 0, dParams, 0, 4));
        float[] both = new float[2 * spec.parameterCount()];
        assertMessage("dParams overlaps params", () -> backend.backward(spec, both, 0, x, 0, y, 0, y, 0, both, 1, 4));
        assertMessage("not (outer, 3 channels, 2 inner)", () -> backend.forward(spec,
                ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_FIRST), new float[3 * spec.parameterCount()], 0,
                x, 0, y, 0, 10, 2));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(16);
            assertMessage("outside the segment", () -> backend.forward(spec, params, 0, small, 0, small, 0, 5));
        }
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
