package org.era4j.autograd;

import java.util.Arrays;

/**
 * Reorders dimensions: output dimension {@code d} is input dimension {@code order[d]} (a copy).
 * {@link #transpose} swaps two. Backward applies the inverse permutation to the gradient.
 */
public final class Permute {

    private Permute() {
    }

    public static Tensor apply(Tensor input, int... order) {
        int rank = input.rank();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        for (int d : order) {
            if (d < 0 || d >= rank || seen[d]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of 0.."
                        + (rank - 1));
            }
            seen[d] = true;
        }
        int[] inShape = input.shape();
        int[] inStrides = Shapes.strides(inShape);
        int[] outShape = new int[rank];
        int[] gather = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = inShape[order[d]];
            gather[d] = inStrides[order[d]];
        }
        Tensor out = Tensor.output(outShape);
        copy(input.data(), out.data(), outShape, gather, false);
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> copy(t.grad(), input.gradForAccumulation(), outShape, gather, true), input);
    }

    /** Swaps dimensions {@code d0} and {@code d1} (negative counts from the end). */
    public static Tensor transpose(Tensor input, int d0, int d1) {
        int rank = input.rank();
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        int a = d0 < 0 ? rank + d0 : d0;
        int b = d1 < 0 ? rank + d1 : d1;
        order[a] = b;
        order[b] = a;
        return apply(input, order);
    }

    /**
     * Walks the output in row-major order; the source offset follows {@code gather}. Forward:
     * {@code out[k] = in[src]}; backward ({@code scatter}): {@code gin[src] += gout[k]}.
     */
    private static void copy(float[] from, float[] to, int[] outShape, int[] gather, boolean scatter) {
        int rank = outShape.length;
        int size = Shapes.size(outShape);
        int[] index = new int[rank];
        int src = 0;
        for (int k = 0; k < size; k++) {
            if (scatter) {
                to[src] += from[k];
            } else {
                to[k] = from[src];
            }
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                src += gather[d];
                if (index[d] < outShape[d]) {
                    break;
                }
                src -= gather[d] * outShape[d];
                index[d] = 0;
            }
        }
    }
}
