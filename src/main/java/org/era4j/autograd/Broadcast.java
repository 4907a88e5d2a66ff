package org.era4j.autograd;

/**
 * Walks the rows (last dimension) of a broadcast binary operation {@code out = a (op) b}, giving
 * the offsets of the matching elements of {@code a} and {@code b}. Binary primitives use it for
 * forward and for summing gradients back onto the smaller operand: that summation happens only
 * here, as {@code grad_a[aBase + j * aStep] += ...}, in row order (deterministic).
 */
final class Broadcast {

    final int[] out;
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
        this.aStrides = Shapes.broadcastStrides(aShape, out);
        this.bStrides = Shapes.broadcastStrides(bShape, out);
        int rank = out.length;
        this.width = rank == 0 ? 1 : out[rank - 1];
        this.aStep = rank == 0 ? 0 : aStrides[rank - 1];
        this.bStep = rank == 0 ? 0 : bStrides[rank - 1];
        this.rows = width == 0 ? 0 : Shapes.size(out) / width;
        this.index = new int[Math.max(0, rank - 1)];
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
            if (index[d] < out[d]) {
                return;
            }
            aBase -= aStrides[d] * out[d];
            bBase -= bStrides[d] * out[d];
            index[d] = 0;
        }
    }
}
