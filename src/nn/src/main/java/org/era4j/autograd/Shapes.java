package org.era4j.autograd;

import java.util.Arrays;

/** Shape arithmetic for row-major tensors: sizes, strides, broadcasting (NumPy rules). */
public final class Shapes {

    private Shapes() {
    }

    /** Number of elements of {@code shape}; throws on negative dimensions or int overflow. */
    public static int size(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) size;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    /** The broadcast of two shapes (dimensions aligned on the right; 1 stretches). */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (dimension " + d + ": " + da + " vs " + db + ")");
            }
            out[d] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides of {@code shape} read as a tensor of shape {@code out} (rank of {@code out}): 0 on
     * every stretched or missing dimension.
     */
    public static int[] broadcastStrides(int[] shape, int[] out) {
        int[] own = strides(shape);
        int[] strides = new int[out.length];
        int shift = out.length - shape.length;
        for (int d = shift; d < out.length; d++) {
            strides[d] = shape[d - shift] == 1 ? 0 : own[d - shift];
        }
        return strides;
    }

    static String toString(int[] shape) {
        return Arrays.toString(shape);
    }
}
