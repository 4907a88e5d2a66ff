package org.era4j.autograd;

import org.era4j.kernel.Gemm;

/**
 * Scaled dot-product attention built from primitives:
 * {@code softmax(q k^T / sqrt(d)) v} for q, k, v of shape (batch, tokens, d) (heads folded into
 * the batch), giving (batch, tokens, d). Gradients flow through {@link MatMul}, {@link Softmax}
 * and {@link Mul}; nothing here has its own backward.
 */
public final class Attention {

    private Attention() {
    }

    public static Tensor scaledDotProduct(Gemm gemm, Tensor q, Tensor k, Tensor v) {
        if (q.rank() != 3 || k.rank() != 3 || v.rank() != 3 || q.dim(2) != k.dim(2) || k.dim(1) != v.dim(1)) {
            throw new IllegalArgumentException("attention needs q (B, T, d), k (B, S, d), v (B, S, e); got "
                    + q + ", " + k + ", " + v);
        }
        Tensor scores = MatMul.apply(gemm, q, Permute.transpose(k, 1, 2));
        Tensor scaled = Mul.apply(scores, Tensor.scalar((float) (1 / Math.sqrt(q.dim(2)))));
        return MatMul.apply(gemm, Softmax.apply(scaled), v);
    }

    /** (B, T, H*dh) to (B*H, T, dh): heads into the batch. */
    public static Tensor splitHeads(Tensor x, int heads) {
        int b = x.dim(0);
        int t = x.dim(1);
        int d = x.dim(2);
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("model width " + d + " is not divisible by " + heads + " heads");
        }
        Tensor split = Reshape.apply(x, b, t, heads, d / heads);
        return Reshape.apply(Permute.apply(split, 0, 2, 1, 3), b * heads, t, d / heads);
    }

    /** (B*H, T, dh) back to (B, T, H*dh). */
    public static Tensor mergeHeads(Tensor x, int heads) {
        int b = x.dim(0) / heads;
        int t = x.dim(1);
        int dh = x.dim(2);
        Tensor split = Reshape.apply(x, b, heads, t, dh);
        return Reshape.apply(Permute.apply(split, 0, 2, 1, 3), b, t, heads * dh);
    }
}
