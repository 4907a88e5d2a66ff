package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.era4j.rational.EraSpec;
import org.era4j.testkit.EraBackendConformance;
import org.era4j.testkit.EraCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU backends' MemorySegment paths (for the vector backend: native segments in place,
 * float[]-backed heap segments on the array kernels, byte[]-backed and odd-offset heap segments
 * staged; see VectorEraBackend): for native, float[]-backed and byte[]-backed heap segments at
 * byte misalignments 0-3, results equal the
 * float[] path bit for bit (y, dx and dParams), stay within {@link EraAccuracy}'s bounds of the
 * float64 reference, leave memory outside the range alone, and allow in-place calls.
 */
class SegmentKernelProperties {

    /** Where a segment's bytes live. */
    enum Kind { NATIVE, HEAP_FLOATS, HEAP_BYTES }

    /** Lengths past 2^16: primes and one short of / past a block and lane multiple. */
    static final int[] LARGE_LENGTHS = {65537, 100003, 131071, 131072 + 15};

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Provide
    Arbitrary<EraCase> cases() {
        return EraCase.any();
    }

    @Provide
    Arbitrary<EraBackend> backends() {
        return Arbitraries.of(VectorEraBackend.INSTANCE, ScalarEraBackend.INSTANCE);
    }

    /**
     * A segment of {@code floats} floats starting {@code misalignment} bytes past an aligned base,
     * every float NaN (garbage the kernels must not touch).
     */
    static MemorySegment segment(Arena arena, Kind kind, int misalignment, long floats) {
        long bytes = floats * Float.BYTES + misalignment;
        MemorySegment whole = switch (kind) {
            case NATIVE -> arena.allocate(bytes, 64);
            case HEAP_FLOATS -> MemorySegment.ofArray(new float[(int) ((bytes + 3) / 4)]);
            case HEAP_BYTES -> MemorySegment.ofArray(new byte[(int) bytes]);
        };
        MemorySegment slice = whole.asSlice(misalignment, floats * Float.BYTES);
        for (long i = 0; i < floats; i++) {
            slice.setAtIndex(FLOAT, i, Float.NaN);
        }
        return slice;
    }

    static MemorySegment holding(Arena arena, Kind kind, int misalignment, float[] values, int offset, int pad) {
        MemorySegment s = segment(arena, kind, misalignment, offset + values.length + pad);
        MemorySegment.copy(values, 0, s, FLOAT, (long) offset * Float.BYTES, values.length);
        return s;
    }

    static float[] read(MemorySegment s, long offset, int length) {
        float[] out = new float[length];
        MemorySegment.copy(s, FLOAT, offset * Float.BYTES, out, 0, length);
        return out;
    }

    @Property(tries = 80)
    void segmentsEqualTheArrayPathAndMeetTheStatedBounds(@ForAll("backends") EraBackend backend,
                                                         @ForAll("cases") EraCase c, @ForAll Kind kind,
                                                         @ForAll @IntRange(min = 0, max = 3) int misalignment) {
        check(backend, c.spec(), c.params(), c.x(), c.dy(), c.offset(), kind, misalignment);
    }

    @Property(tries = 8)
    void longRunsEqualTheArrayPathAndMeetTheStatedBounds(@ForAll("backends") EraBackend backend,
                                                         @ForAll @IntRange(min = 0, max = 3) int lengthIndex,
                                                         @ForAll Kind kind,
                                                         @ForAll @IntRange(min = 1, max = 3) int misalignment,
                                                         @ForAll long seed) {
        Random random = new Random(seed);
        EraSpec spec = EraSpec.of(1 + random.nextInt(EraSpec.MAX_FRACTIONS));
        int length = LARGE_LENGTHS[lengthIndex];
        check(backend, spec, EraCase.drawParams(spec, random, 10), EraCase.drawInputs(random, length, 20),
                EraCase.drawInputs(random, length, 2), random.nextInt(5), kind, misalignment);
    }

    private static void check(EraBackend backend, EraSpec spec, float[] params, float[] x, float[] dy,
                              int offset, Kind kind, int misalignment) {
        int n = x.length;
        int count = spec.parameterCount();
        String what = backend.name() + " " + kind + " misaligned by " + misalignment + " bytes, " + spec
                + " length " + n + " offset " + offset;
        float[] y = new float[n];
        backend.forward(spec, params, 0, x, 0, y, 0, n);
        float[] dx = new float[n];
        float[] dParams = new float[count + 2];
        Arrays.fill(dParams, 0.25f);
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 1, n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = holding(arena, kind, misalignment, x, offset, 3);
            MemorySegment dys = holding(arena, kind, misalignment, dy, offset, 3);
            MemorySegment out = segment(arena, kind, misalignment, offset + n + 3);

            backend.forward(spec, params, 0, xs, offset, out, offset, n);
            float[] ySegment = read(out, offset, n);
            assertArrayEquals(y, ySegment, () -> "forward " + what);
            EraAccuracy.Measurement forward = EraAccuracy.forwardError(spec, params, x, ySegment);
            assertTrue(forward.passed(), () -> "forward error " + forward + " " + what);
            assertUntouchedOutside(out, offset, n);

            float[] segmentParams = new float[count + 2];
            Arrays.fill(segmentParams, 0.25f);
            backend.backward(spec, params, 0, xs, offset, dys, offset, out, offset, segmentParams, 1, n);
            float[] dxSegment = read(out, offset, n);
            assertArrayEquals(dx, dxSegment, () -> "dx " + what);
            assertArrayEquals(dParams, segmentParams, () -> "dParams " + what);
            float[] initial = new float[count];
            Arrays.fill(initial, 0.25f);
            EraAccuracy.BackwardMeasurement backward = EraAccuracy.backwardError(spec, params, x, dy, dxSegment,
                    Arrays.copyOfRange(segmentParams, 1, 1 + count), initial);
            assertTrue(backward.passed(), () -> "backward error " + backward + " " + what);
            assertUntouchedOutside(out, offset, n);

            // In place: y over x, and dx over dy, on the very same range.
            MemorySegment inPlace = holding(arena, kind, misalignment, x, offset, 3);
            backend.forward(spec, params, 0, inPlace, offset, inPlace, offset, n);
            assertArrayEquals(y, read(inPlace, offset, n), () -> "forward in place " + what);
            MemorySegment dxOverDy = holding(arena, kind, misalignment, dy, offset, 3);
            float[] inPlaceParams = new float[count + 2];
            Arrays.fill(inPlaceParams, 0.25f);
            backend.backward(spec, params, 0, xs, offset, dxOverDy, offset, dxOverDy, offset, inPlaceParams, 1, n);
            assertArrayEquals(dx, read(dxOverDy, offset, n), () -> "dx over dy " + what);
            assertArrayEquals(dParams, inPlaceParams, () -> "dParams with dx over dy " + what);
        }
    }

    private static void assertUntouchedOutside(MemorySegment s, long offset, int length) {
        long floats = s.byteSize() / Float.BYTES;
        for (long i = 0; i < floats; i++) {
            if (i < offset || i >= offset + length) {
                long at = i;
                assertTrue(Float.isNaN(s.getAtIndex(FLOAT, i)),
                        () -> "float " + at + " outside [" + offset + ", " + (offset + length) + ") was written");
            }
        }
    }

    /**
     * Offsets beyond 2^31 bytes (a sparse file mapped past 2 GiB, so only the touched pages exist),
     * at an odd byte address: the kernels' byte offsets are long throughout.
     */
    @Test
    void offsetsPastTwoGibibytesWork(@TempDir Path directory) throws IOException {
        EraSpec spec = EraSpec.of(2);
        Random random = new Random(11);
        float[] params = EraCase.drawParams(spec, random, 3);
        int n = 4099;
        float[] x = EraCase.drawInputs(random, n, 5);
        float[] dy = EraCase.drawInputs(random, n, 1);
        long offset = (1L << 29) + 7; // floats: 2 GiB + 28 bytes into the slice
        long bytes = (offset + 2L * n) * Float.BYTES + 1;
        try (FileChannel file = FileChannel.open(directory.resolve("sparse"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
             Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena).asSlice(1);
            MemorySegment.copy(x, 0, mapped, FLOAT, offset * Float.BYTES, n);
            MemorySegment.copy(dy, 0, mapped, FLOAT, (offset + n) * Float.BYTES, n);
            for (EraBackend backend : new EraBackend[] {VectorEraBackend.INSTANCE, ScalarEraBackend.INSTANCE}) {
                float[] y = new float[n];
                backend.forward(spec, params, 0, x, 0, y, 0, n);
                float[] dx = new float[n];
                float[] dParams = new float[spec.parameterCount()];
                backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, n);

                MemorySegment work = mapped.asSlice(offset * Float.BYTES, 2L * n * Float.BYTES);
                MemorySegment copyOfX = Arena.ofAuto().allocate((long) n * Float.BYTES).copyFrom(work.asSlice(0, (long) n * Float.BYTES));
                backend.forward(spec, params, 0, mapped, offset, mapped, offset, n);
                assertArrayEquals(y, read(mapped, offset, n), backend.name() + " forward past 2 GiB");
                MemorySegment.copy(copyOfX, 0, mapped, offset * Float.BYTES, (long) n * Float.BYTES);
                float[] segmentParams = new float[spec.parameterCount()];
                backend.backward(spec, params, 0, mapped, offset, mapped, offset + n, mapped, offset + n,
                        segmentParams, 0, n);
                assertArrayEquals(dx, read(mapped, offset + n, n), backend.name() + " dx past 2 GiB");
                assertArrayEquals(dParams, segmentParams, backend.name() + " dParams past 2 GiB");
                MemorySegment.copy(dy, 0, mapped, FLOAT, (offset + n) * Float.BYTES, n);
            }
        }
    }

    @Test
    void readOnlyOutputsAreRejectedNamingTheBuffer() {
        EraSpec spec = EraSpec.of(1);
        float[] p = {0.5f, 0.1f, 1f, 0.2f, 0.3f, 0.7f};
        MemorySegment x = MemorySegment.ofArray(new float[8]);
        MemorySegment readOnly = MemorySegment.ofArray(new float[8]).asReadOnly();
        float[] dParams = new float[spec.parameterCount()];
        for (EraBackend b : new EraBackend[] {VectorEraBackend.INSTANCE, ScalarEraBackend.INSTANCE,
                ReferenceEraBackend.INSTANCE}) {
            EraBackendConformance.assertMessage("y: segment is read-only",
                    () -> b.forward(spec, p, 0, x, 0, readOnly, 0, 8));
            EraBackendConformance.assertMessage("dx: segment is read-only",
                    () -> b.backward(spec, p, 0, x, 0, x, 0, readOnly, 0, dParams, 0, 8));
            // A read-only input is fine.
            b.forward(spec, p, 0, x.asReadOnly(), 0, MemorySegment.ofArray(new float[8]), 0, 8);
        }
        try (EraExecutor executor = new EraExecutor(VectorEraBackend.INSTANCE, 1)) {
            EraBackendConformance.assertMessage("y: segment is read-only",
                    () -> executor.forward(spec, ParameterSharing.layer(), p, 0, x, 0, readOnly, 0, 8, 1));
            EraBackendConformance.assertMessage("dx: segment is read-only",
                    () -> executor.backward(spec, ParameterSharing.layer(), p, 0, x, 0, x, 0, readOnly, 0,
                            dParams, 0, 8, 1));
        }
        assertEquals(0f, dParams[0], "a rejected call leaves dParams alone");
    }

    @Test
    void partialOverlapIsRejectedAndTheSameRangeIsAllowedOnByteSegments() {
        EraSpec spec = EraSpec.of(1);
        float[] p = {0.5f, 0.1f, 1f, 0.2f, 0.3f, 0.7f};
        MemorySegment bytes = MemorySegment.ofArray(new byte[4 * 40 + 3]).asSlice(3);
        float[] dParams = new float[spec.parameterCount()];
        for (EraBackend b : new EraBackend[] {VectorEraBackend.INSTANCE, ScalarEraBackend.INSTANCE}) {
            EraBackendConformance.assertMessage("overlaps", () -> b.forward(spec, p, 0, bytes, 0, bytes, 1, 30));
            EraBackendConformance.assertMessage("overlaps",
                    () -> b.backward(spec, p, 0, bytes, 0, bytes, 20, bytes, 3, dParams, 0, 20));
            bytes.fill((byte) 0);
            b.forward(spec, p, 0, bytes, 2, bytes, 2, 30);
            float expected = ScalarEraBackend.value(p, 0, 1, spec.eps(), 0f);
            assertEquals(expected, bytes.getAtIndex(FLOAT, 2), b.name() + ": sigma(0) written in place");
        }
    }
}
