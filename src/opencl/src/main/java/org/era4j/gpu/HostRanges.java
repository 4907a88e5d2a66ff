package org.era4j.gpu;

import java.lang.foreign.MemorySegment;
import org.era4j.kernel.Checks;

/**
 * Argument checks for {@link OpenClEraBackend}: host arrays and segments get the CPU backends'
 * checks ({@link Checks}); device buffers their own overlap rule.
 */
final class HostRanges {

    private HostRanges() {
    }

    static void range(String name, float[] array, int offset, long length) {
        Checks.range(name, array, offset, length);
    }

    static void range(String name, MemorySegment segment, long offset, long length) {
        Checks.range(name, segment, offset, length);
    }

    static void noPartialOverlap(String outName, float[] out, int outOffset,
                                 String inName, float[] in, int inOffset, long length) {
        Checks.noPartialOverlap(outName, out, outOffset, inName, in, inOffset, length);
    }

    static void noPartialOverlap(String outName, MemorySegment out, long outOffset,
                                 String inName, MemorySegment in, long inOffset, long length) {
        Checks.noPartialOverlap(outName, out, outOffset, inName, in, inOffset, length);
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
