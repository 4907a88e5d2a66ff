package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import org.era4j.rational.EraSpec;

/**
 * Argument checks shared by the backends (CPU and device), each failure naming the buffer and the
 * sizes. Public so that backends in other packages give the same messages.
 */
public final class Checks {

    private Checks() {
    }

    public static void range(String name, float[] array, int offset, long length) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (offset < 0 || (long) offset + length > array.length) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", " + ((long) offset + length)
                    + ") is outside the array of length " + array.length);
        }
    }

    /**
     * A float range of a segment, offsets and lengths counted in floats. Any alignment is
     * accepted: the CPU backends access segments with unaligned layouts, so a heap segment over a
     * byte[] or a native segment at an odd address is as good as an aligned one.
     */
    public static void range(String name, MemorySegment segment, long offset, long length) {
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
    }

    /** An output segment must accept writes; a read-only one is named before any work starts. */
    public static void writable(String name, MemorySegment segment) {
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException(name + ": segment is read-only and cannot receive the output");
        }
    }

    /** An output may be the very same range as an input (in place) but must not partly overlap it. */
    public static void noPartialOverlap(String outName, float[] out, int outOffset,
                                        String inName, float[] in, int inOffset, long length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + length)
                    + ") partly overlaps " + inName + " [" + inOffset + ", " + (inOffset + length)
                    + "); use the same offset for in-place or disjoint ranges");
        }
    }

    public static void noPartialOverlap(String outName, MemorySegment out, long outOffset,
                                        String inName, MemorySegment in, long inOffset, long length) {
        if (length == 0) {
            return;
        }
        MemorySegment outRange = out.asSlice(outOffset * Float.BYTES, length * Float.BYTES);
        MemorySegment inRange = in.asSlice(inOffset * Float.BYTES, length * Float.BYTES);
        // Equal-length ranges that overlap completely are the same range (in place).
        var overlap = outRange.asOverlappingSlice(inRange);
        if (overlap.isPresent() && overlap.get().byteSize() != outRange.byteSize()) {
            throw new IllegalArgumentException(outName + " partly overlaps " + inName
                    + "; use the same offset for in-place or disjoint ranges");
        }
    }

    static void forward(EraSpec spec, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        spec.checkParameters(params, paramsOffset, 1);
        range("x", x, xOffset, length);
        range("y", y, yOffset, length);
        noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
    }

    static void backward(EraSpec spec, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length) {
        spec.checkParameters(params, paramsOffset, 1);
        spec.checkParameters(dParams, dParamsOffset, 1);
        range("x", x, xOffset, length);
        range("dy", dy, dyOffset, length);
        range("dx", dx, dxOffset, length);
        noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        if (dParams == params && Math.abs(dParamsOffset - paramsOffset) < spec.parameterCount()) {
            throw new IllegalArgumentException("dParams overlaps params");
        }
    }

    static void forward(EraSpec spec, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        spec.checkParameters(params, paramsOffset, 1);
        range("x", x, xOffset, length);
        range("y", y, yOffset, length);
        writable("y", y);
        noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
    }

    static void backward(EraSpec spec, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length) {
        spec.checkParameters(params, paramsOffset, 1);
        spec.checkParameters(dParams, dParamsOffset, 1);
        range("x", x, xOffset, length);
        range("dy", dy, dyOffset, length);
        range("dx", dx, dxOffset, length);
        writable("dx", dx);
        noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        if (dParams == params && Math.abs(dParamsOffset - paramsOffset) < spec.parameterCount()) {
            throw new IllegalArgumentException("dParams overlaps params");
        }
    }
}
