package org.era4j.autograd;

import java.util.Arrays;
import org.era4j.kernel.Gemm;

/**
 * Matrix product over the last two dimensions: {@code a} (..., m, k) times {@code b} (..., k, n)
 * gives (..., m, n). Leading (batch) dimensions of {@code a} and {@code b} must be equal, or
 * {@code b} may be a plain (k, n) matrix shared by every batch entry. Backward:
 * {@code d a = g b^T}, {@code d b = a^T g} (summed over the batch when {@code b} is shared).
 */
public final class MatMul {

    private MatMul() {
    }

    public static Tensor apply(Gemm gemm, Tensor a, Tensor b) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2, got " + a + " and " + b);
        }
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        if (b.dim(-2) != k) {
            throw new IllegalArgumentException("matmul inner dimensions differ: " + a + " x " + b);
        }
        int[] batchA = Arrays.copyOf(a.shape(), a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.shape(), b.rank() - 2);
        boolean shared = batchB.length == 0;
        if (!shared && !Arrays.equals(batchA, batchB)) {
            throw new IllegalArgumentException("matmul batch dimensions differ: " + a + " x " + b);
        }
        int batch = Shapes.size(batchA);
        int[] outShape = Arrays.copyOf(batchA, batchA.length + 2);
        outShape[batchA.length] = m;
        outShape[batchA.length + 1] = n;
        Tensor out = Tensor.output(outShape);
        if (shared) {
            // one GEMM over all batch rows: (batch*m, k) x (k, n)
            gemm.multiply(false, false, batch * m, n, k, a.data(), 0, k, b.data(), 0, n, 0f, out.data(), 0, n);
        } else {
            for (int s = 0; s < batch; s++) {
                gemm.multiply(false, false, m, n, k, a.data(), s * m * k, k, b.data(), s * k * n, n,
                        0f, out.data(), s * m * n, n);
            }
        }
        if (!Tensor.recording(a, b)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            if (a.requiresGrad()) {
                float[] ga = a.gradForAccumulation();
                if (shared) {
                    gemm.multiply(false, true, batch * m, k, n, g, 0, n, b.data(), 0, n, 1f, ga, 0, k);
                } else {
                    for (int s = 0; s < batch; s++) {
                        gemm.multiply(false, true, m, k, n, g, s * m * n, n, b.data(), s * k * n, n, 1f, ga, s * m * k, k);
                    }
                }
            }
            if (b.requiresGrad()) {
                float[] gb = b.gradForAccumulation();
                if (shared) {
                    gemm.multiply(true, false, k, n, batch * m, a.data(), 0, k, g, 0, n, 1f, gb, 0, n);
                } else {
                    for (int s = 0; s < batch; s++) {
                        gemm.multiply(true, false, k, n, m, a.data(), s * m * k, k, g, s * m * n, n, 1f, gb, s * k * n, n);
                    }
                }
            }
        }, a, b);
    }
}
