package org.era4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.era4j.rational.EraSpec;
import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.EraBackend;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link EraBackend} passes: results within {@link EraAccuracy}'s
 * stated bounds of the float64 reference on fresh random problems, offsets respected, in-place
 * calls allowed, segments equal to arrays, documented NaN/Inf behaviour, clear errors for bad input.
 * A backend's test class extends this and supplies {@link #backend()}.
 */
public abstract class EraBackendConformance {

    /** The backend under test; called once per test, so it may be shared. */
    protected abstract EraBackend backend();

    @Provide
    Arbitrary<EraCase> cases() {
        return EraCase.any();
    }

    @Property(tries = 60)
    void forwardIsWithinTheStatedBoundOfTheReference(@ForAll("cases") EraCase c) {
        float[] x = c.padded(c.x());
        float[] y = c.padded(new float[c.x().length]);
        backend().forward(c.spec(), c.params(), 0, x, c.offset(), y, c.offset(), c.x().length);
        float[] result = Arrays.copyOfRange(y, c.offset(), c.offset() + c.x().length);
        EraAccuracy.Measurement m = EraAccuracy.forwardError(c.spec(), c.params(), c.x(), result);
        assertTrue(m.passed(), () -> "forward error " + m + " at x=" + (m.worstIndex() >= 0 ? c.x()[m.worstIndex()] : 0) + " for " + c);
        assertUntouchedOutside(y, c.offset(), c.x().length);
    }

    @Property(tries = 60)
    void backwardIsWithinTheStatedBoundsOfTheReference(@ForAll("cases") EraCase c) {
        int length = c.x().length;
        float[] x = c.padded(c.x());
        float[] dy = c.padded(c.dy());
        float[] dx = c.padded(new float[length]);
        float[] initial = new float[c.spec().parameterCount()];
        Arrays.fill(initial, 0.25f);
        float[] dParams = new float[initial.length + 2];
        System.arraycopy(initial, 0, dParams, 1, initial.length);
        backend().backward(c.spec(), c.params(), 0, x, c.offset(), dy, c.offset(), dx, c.offset(),
                dParams, 1, length);
        EraAccuracy.BackwardMeasurement m = EraAccuracy.backwardError(c.spec(), c.params(), c.x(), c.dy(),
                Arrays.copyOfRange(dx, c.offset(), c.offset() + length),
                Arrays.copyOfRange(dParams, 1, 1 + initial.length), initial);
        assertTrue(m.inputGradient().passed(), () -> "dx error " + m.inputGradient() + " for " + c);
        assertTrue(m.parameterGradient().passed(), () -> "dParams error " + m.parameterGradient() + " for " + c);
        assertEquals(0f, dParams[0]);
        assertEquals(0f, dParams[dParams.length - 1]);
        assertUntouchedOutside(dx, c.offset(), length);
    }

    @Property(tries = 30)
    void inPlaceCallsGiveTheSameResultsAsSeparateBuffers(@ForAll("cases") EraCase c) {
        int n = c.x().length;
        EraSpec spec = c.spec();
        float[] y = new float[n];
        backend().forward(spec, c.params(), 0, c.x(), 0, y, 0, n);
        float[] inPlace = c.x().clone();
        backend().forward(spec, c.params(), 0, inPlace, 0, inPlace, 0, n);
        assertArrayEquals(y, inPlace, "forward with y == x");

        float[] dx = new float[n];
        float[] dParams = new float[spec.parameterCount()];
        backend().backward(spec, c.params(), 0, c.x(), 0, c.dy(), 0, dx, 0, dParams, 0, n);
        float[] dxOverDy = c.dy().clone();
        float[] dParams2 = new float[spec.parameterCount()];
        backend().backward(spec, c.params(), 0, c.x(), 0, dxOverDy, 0, dxOverDy, 0, dParams2, 0, n);
        assertArrayEquals(dx, dxOverDy, "backward with dx == dy");
        assertArrayEquals(dParams, dParams2, "parameter gradients with dx == dy");
        float[] dxOverX = c.x().clone();
        float[] dParams3 = new float[spec.parameterCount()];
        backend().backward(spec, c.params(), 0, dxOverX, 0, c.dy(), 0, dxOverX, 0, dParams3, 0, n);
        assertArrayEquals(dx, dxOverX, "backward with dx == x");
        assertArrayEquals(dParams, dParams3, "parameter gradients with dx == x");
    }

    @Property(tries = 20)
    void segmentsGiveTheSameResultsAsArrays(@ForAll("cases") EraCase c) {
        int n = c.x().length;
        EraSpec spec = c.spec();
        float[] y = new float[n];
        float[] dx = new float[n];
        float[] dParams = new float[spec.parameterCount()];
        backend().forward(spec, c.params(), 0, c.x(), 0, y, 0, n);
        backend().backward(spec, c.params(), 0, c.x(), 0, c.dy(), 0, dx, 0, dParams, 0, n);
        try (Arena arena = Arena.ofConfined()) {
            long off = c.offset();
            MemorySegment xs = arena.allocate((n + off) * 4L, 64);
            MemorySegment dys = arena.allocate((n + off) * 4L, 64);
            MemorySegment out = arena.allocate((n + off) * 4L, 64);
            MemorySegment.copy(c.x(), 0, xs, ValueLayout.JAVA_FLOAT, off * 4, n);
            MemorySegment.copy(c.dy(), 0, dys, ValueLayout.JAVA_FLOAT, off * 4, n);
            backend().forward(spec, c.params(), 0, xs, off, out, off, n);
            assertArrayEquals(y, Arrays.copyOfRange(out.toArray(ValueLayout.JAVA_FLOAT), (int) off, (int) off + n));
            float[] segmentParams = new float[spec.parameterCount()];
            backend().backward(spec, c.params(), 0, xs, off, dys, off, out, off, segmentParams, 0, n);
            assertArrayEquals(dx, Arrays.copyOfRange(out.toArray(ValueLayout.JAVA_FLOAT), (int) off, (int) off + n));
            float[] heap = c.dy().clone();
            float[] heapParams = new float[spec.parameterCount()];
            backend().backward(spec, c.params(), 0, MemorySegment.ofArray(c.x()), 0, MemorySegment.ofArray(heap), 0,
                    MemorySegment.ofArray(heap), 0, heapParams, 0, n);
            assertArrayEquals(dx, heap, "heap segments, dx == dy");
            EraAccuracy.BackwardMeasurement m = EraAccuracy.backwardError(spec, c.params(), c.x(), c.dy(), dx,
                    segmentParams, new float[spec.parameterCount()]);
            assertTrue(m.parameterGradient().passed(), () -> "segment dParams " + m.parameterGradient());
        }
    }

    /** Pole-free: for any finite parameters in [-1e4, 1e4] (f = 0 included) and x in [-1e4, 1e4], every output is finite. */
    @Property(tries = 60)
    void outputsAreFiniteForEveryFiniteParameterSet(@ForAll("cases") EraCase c) {
        Random random = new Random(Arrays.hashCode(c.params()));
        float[] params = EraCase.drawParams(c.spec(), random, 1e4);
        float[] x = EraCase.drawInputs(random, Math.max(1, c.x().length), 1e4);
        for (int i = 0; i < c.spec().fractions(); i++) {
            x[i % x.length] = params[org.era4j.rational.EraLayout.e(i)]; // sit exactly on a would-be pole
        }
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] dParams = new float[params.length];
        float[] dy = new float[x.length];
        Arrays.fill(dy, 1f);
        backend().forward(c.spec(), params, 0, x, 0, y, 0, x.length);
        backend().backward(c.spec(), params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            int at = i;
            assertTrue(Float.isFinite(y[i]) && Float.isFinite(dx[i]),
                    () -> "non-finite output at x=" + x[at] + " y=" + y[at] + " dx=" + dx[at] + " for " + c.spec()
                            + " params=" + Arrays.toString(params));
        }
        for (float g : dParams) {
            assertTrue(Float.isFinite(g), () -> "non-finite parameter gradient " + Arrays.toString(dParams));
        }
        assertTrue(EraAccuracy.forwardError(c.spec(), params, x, y).passed());
    }

    /** Inputs far outside the activation range (|x| up to 1e18) take the two-division fallback and stay accurate. */
    @Property(tries = 30)
    void hugeInputsStayFiniteAndAccurate(@ForAll("cases") EraCase c) {
        Random random = new Random(Arrays.hashCode(c.x()) * 31L + c.spec().fractions());
        float[] x = new float[33];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, 3 + 15 * random.nextDouble()));
        }
        float[] y = new float[x.length];
        backend().forward(c.spec(), c.params(), 0, x, 0, y, 0, x.length);
        EraAccuracy.Measurement m = EraAccuracy.forwardError(c.spec(), c.params(), x, y);
        assertTrue(m.passed(), () -> "huge-input forward " + m + " x=" + x[Math.max(0, m.worstIndex())]);
        float[] dy = EraCase.drawInputs(random, x.length, 1);
        EraAccuracy.BackwardMeasurement b = EraAccuracy.backward(backend(), c.spec(), c.params(), x, dy);
        assertTrue(b.passed(), () -> "huge-input backward " + b);
    }

    @Test
    void nanAndInfinityGiveNanOnlyWhereTheyAre() {
        EraSpec spec = EraSpec.of(2);
        float[] params = {0.5f, 0.1f, 1f, 0.2f, 0.3f, 0.7f, -0.4f, 0.6f, -1.1f, 0.9f};
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f * i - 1.5f;
        }
        x[3] = Float.NaN;
        x[20] = Float.POSITIVE_INFINITY;
        x[36] = Float.NEGATIVE_INFINITY;
        float[] y = new float[x.length];
        backend().forward(spec, params, 0, x, 0, y, 0, x.length);
        float[] dy = new float[x.length];
        Arrays.fill(dy, 1f);
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend().backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            boolean special = i == 3 || i == 20 || i == 36;
            assertEquals(special, Float.isNaN(y[i]), "y[" + i + "] for x=" + x[i]);
            assertEquals(special, Float.isNaN(dx[i]), "dx[" + i + "] for x=" + x[i]);
        }
        assertTrue(Float.isNaN(dParams[0]), "a's gradient sums x*dy and is NaN when an input is");
    }

    @Test
    void badInputIsRejectedWithAMessageNamingTheProblem() {
        EraSpec spec = EraSpec.of(1);
        float[] p = new float[6];
        float[] x = new float[10];
        float[] y = new float[10];
        float[] dParams = new float[6];
        EraBackend b = backend();
        assertMessage("parameters", () -> b.forward(spec, new float[5], 0, x, 0, y, 0, 10));
        assertMessage("x", () -> b.forward(spec, p, 0, x, 1, y, 0, 10));
        assertMessage("y", () -> b.forward(spec, p, 0, x, 0, new float[9], 0, 10));
        assertMessage("length", () -> b.forward(spec, p, 0, x, 0, y, 0, -1));
        assertMessage("overlaps", () -> b.forward(spec, p, 0, x, 0, x, 1, 9));
        assertMessage("null", () -> b.forward(spec, p, 0, null, 0, y, 0, 1));
        assertMessage("parameters", () -> b.backward(spec, p, 0, x, 0, y, 0, y, 0, new float[3], 0, 10));
        assertMessage("dx", () -> b.backward(spec, p, 0, x, 0, y, 0, new float[4], 0, dParams, 0, 10));
        assertMessage("overlaps", () -> b.backward(spec, p, 0, x, 0, y, 0, x, 2, dParams, 0, 8));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(40);
            assertMessage("segment", () -> b.forward(spec, p, 0, s, 0, s, 0, 11));
            assertMessage("overlaps", () -> b.forward(spec, p, 0, s, 0, s, 1, 9));
        }
    }

    public static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' should mention " + fragment);
    }

    private static void assertUntouchedOutside(float[] buffer, int offset, int length) {
        for (int i = 0; i < buffer.length; i++) {
            if (i < offset || i >= offset + length) {
                assertTrue(Float.isNaN(buffer[i]), "element " + i + " outside [" + offset + ", " + (offset + length) + ") was written");
            }
        }
    }
}
