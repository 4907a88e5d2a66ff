package org.era4j.gpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Argument checks for host arrays and segments handed to {@link OpenClEraBackend}, each naming the buffer. */
final class HostRanges {

    private HostRanges() {
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

    /** Same array and offset (in place) or disjoint ranges are fine; a partial overlap is not. */
    static void noPartialOverlap(String outName, float[] out, int outOffset,
                                 String inName, float[] in, int inOffset, long length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " partly overlaps " + inName
                    + "; use the same offset for in-place or disjoint ranges");
        }
    }

    static void noPartialOverlap(String outName, MemorySegment out, long outOffset,
                                 String inName, MemorySegment in, long inOffset, long length) {
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

    /** Device buffers: same buffer and offset, or disjoint ranges. */
    static void noPartialOverlap(String outName, ClBuffer out, long outOffset,
                                 String inName, ClBuffer in, long inOffset, long length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " partly overlaps " + inName
                    + " in one device buffer; use the same offset for in-place or disjoint ranges");
        }
    }
}
