package org.era4j.autograd;

/**
 * Walks the rows (last dimension) of a broadcast binary operation {@code out = a (op) b}, giving
 * the offsets of the matching elements of {@code a} and {@code b}. Binary primitives use it for
 * forward and for summing gradients back onto the smaller operand: that summation happens only
 * here, as {@code grad_a[aBase + j * aStep] += ...}, in row order (deterministic).
 */
final class Broadcast {

    final int[] out;
    /** The iteration shape: {@link #out} with size-1 dimensions dropped and alike neighbours merged. */
    private final int[] shape;
    final int rows;
    final int width;
    final int aStep;
    final int bStep;
    private final int[] aStrides;
    private final int[] bStrides;
    private final int[] index;
    int aBase;
    int bBase;

    Broadcast(int[] aShape, int[] bShape) {
        this.out = Shapes.broadcast(aShape, bShape);
        int[] as = Shapes.broadcastStrides(aShape, out);
        int[] bs = Shapes.broadcastStrides(bShape, out);
        // Merge neighbouring dimensions that both operands walk alike (contiguously or not at all),
        // so (N, C, H, W) * (C, 1, 1) iterates rows of H*W instead of W: fewer, longer rows.
        int[] sizes = new int[out.length];
        int[] aMerged = new int[out.length];
        int[] bMerged = new int[out.length];
        int dims = 0;
        for (int d = out.length - 1; d >= 0; d--) {
            if (out[d] == 1) {
                continue;
            }
            int last = dims - 1;
            if (dims > 0 && as[d] == aMerged[last] * sizes[last] && bs[d] == bMerged[last] * sizes[last]) {
                sizes[last] *= out[d];
            } else {
                sizes[dims] = out[d];
                aMerged[dims] = as[d];
                bMerged[dims] = bs[d];
                dims++;
            }
        }
        // reverse into outer-to-inner order
        int rank = Math.max(1, dims);
        this.shape = new int[rank];
        this.aStrides = new int[rank];
        this.bStrides = new int[rank];
        java.util.Arrays.fill(shape, 1);
        for (int i = 0; i < dims; i++) {
            shape[rank - 1 - i] = sizes[i];
            aStrides[rank - 1 - i] = aMerged[i];
            bStrides[rank - 1 - i] = bMerged[i];
        }
        int size = Shapes.size(out);
        this.width = shape[rank - 1];
        this.aStep = aStrides[rank - 1];
        this.bStep = bStrides[rank - 1];
        this.rows = size == 0 ? 0 : size / width;
        this.index = new int[rank - 1];
    }

    /** Back to the first row. */
    void reset() {
        java.util.Arrays.fill(index, 0);
        aBase = 0;
        bBase = 0;
    }

    /** Advances {@link #aBase}/{@link #bBase} to the next row (odometer over the leading dims). */
    void next() {
        for (int d = index.length - 1; d >= 0; d--) {
            index[d]++;
            aBase += aStrides[d];
            bBase += bStrides[d];
            if (index[d] < shape[d]) {
                return;
            }
            aBase -= aStrides[d] * shape[d];
            bBase -= bStrides[d] * shape[d];
            index[d] = 0;
        }
    }

    /**
     * {@code sum_j g[gOffset + j] * x[xOffset + j * xStep]} for {@code j < n} (x = null means 1),
     * with four partial sums combined in a fixed order: a gradient summed onto a stretched
     * (stride 0) operand is a reduction, and one running sum would be a serial chain of adds.
     */
    static float rowDot(float[] g, int gOffset, float[] x, int xOffset, int xStep, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = 0;
        if (x == null) {
            for (; j + 4 <= n; j += 4) {
                s0 += g[gOffset + j];
                s1 += g[gOffset + j + 1];
                s2 += g[gOffset + j + 2];
                s3 += g[gOffset + j + 3];
            }
            for (; j < n; j++) {
                s0 += g[gOffset + j];
            }
        } else {
            for (; j + 4 <= n; j += 4) {
                s0 += g[gOffset + j] * x[xOffset + j * xStep];
                s1 += g[gOffset + j + 1] * x[xOffset + (j + 1) * xStep];
                s2 += g[gOffset + j + 2] * x[xOffset + (j + 2) * xStep];
                s3 += g[gOffset + j + 3] * x[xOffset + (j + 3) * xStep];
            }
            for (; j < n; j++) {
                s0 += g[gOffset + j] * x[xOffset + j * xStep];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }
}
