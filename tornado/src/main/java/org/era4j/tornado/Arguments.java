package org.era4j.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.era4j.rational.EraSpec;

/**
 * Argument checks of the {@code EraBackend} contract, with the same rules and messages as the
 * core backends (the core's checks are package-private there), so every backend rejects bad
 * input alike: each failure names the buffer and the sizes.
 */
final class Arguments {

    private Arguments() {
    }

    static void range(String name, float[] array, int offset, long length) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (offset < 0 || offset + length > array.length) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", " + (offset + length)
                    + ") is outside the array of length " + array.length);
        }
    }

    static void range(String name, MemorySegment segment, long offset, long length) {
        if (segment == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        long floats = segment.byteSize() / Float.BYTES;
        if (offset < 0 || offset + length > floats) {
            throw new IllegalArgumentException(name + ": float range [" + offset + ", " + (offset + length)
                    + ") is outside the segment of " + floats + " floats");
        }
        if (segment.isNative() && segment.address() % ValueLayout.JAVA_FLOAT.byteAlignment() != 0) {
            throw new IllegalArgumentException(name + ": segment address is not float-aligned");
        }
    }

    /** An output may be the very same range as an input (in place) but must not partly overlap it. */
    static void noPartialOverlap(String outName, float[] out, int outOffset, String inName, float[] in,
                                 int inOffset, long length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + length)
                    + ") partly overlaps " + inName + " [" + inOffset + ", " + (inOffset + length)
                    + "); use the same offset for in-place or disjoint ranges");
        }
    }

    static void noPartialOverlap(String outName, MemorySegment out, long outOffset, String inName,
                                 MemorySegment in, long inOffset, long length) {
        if (length == 0) {
            return;
        }
        MemorySegment outRange = out.asSlice(outOffset * Float.BYTES, length * Float.BYTES);
        MemorySegment inRange = in.asSlice(inOffset * Float.BYTES, length * Float.BYTES);
        var overlap = outRange.asOverlappingSlice(inRange);
        if (overlap.isPresent() && overlap.get().byteSize() != outRange.byteSize()) {
            throw new IllegalArgumentException(outName + " partly overlaps " + inName
                    + "; use the same offset for in-place or disjoint ranges");
        }
    }

    static void dParams(EraSpec spec, float[] params, int paramsOffset, float[] dParams, int dParamsOffset, int sets) {
        spec.checkParameters(dParams, dParamsOffset, sets);
        int span = sets * spec.parameterCount();
        if (dParams == params && dParamsOffset < paramsOffset + span && paramsOffset < dParamsOffset + span) {
            throw new IllegalArgumentException("dParams overlaps params");
        }
    }

    /** The kernels index with int: one run holds at most {@code Integer.MAX_VALUE} elements. */
    static int length(long length) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length " + length + " exceeds one TornadoVM run ("
                    + Integer.MAX_VALUE + " elements)");
        }
        return (int) length;
    }
}
