package org.era4j.autograd;

import org.era4j.kernel.Gemm;

/**
 * Dense layer {@code y = x W^T + b}: {@code x} (..., in), {@code W} (out, in) (PyTorch's layout, so
 * saved weights open unchanged there), {@code b} (out) or null; {@code y} (..., out). Backward:
 * {@code dx = g W}, {@code dW += g^T x}, {@code db += sum_rows g}.
 */
public final class Linear {

    private Linear() {
    }

    public static Tensor apply(Gemm gemm, Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || x.rank() < 1 || x.dim(-1) != weight.dim(1)) {
            throw new IllegalArgumentException("linear: input " + x + " does not match weight " + weight
                    + " (out, in)");
        }
        int in = weight.dim(1);
        int outFeatures = weight.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outFeatures)) {
            throw new IllegalArgumentException("linear: bias " + bias + " must be (" + outFeatures + ")");
        }
        int rows = x.size() / Math.max(1, in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outFeatures;
        Tensor out = Tensor.output(outShape);
        float[] y = out.data();
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias.data(), 0, y, r * outFeatures, outFeatures);
            }
        }
        gemm.multiply(false, true, rows, outFeatures, in, x.data(), 0, in, weight.data(), 0, in,
                bias == null ? 0f : 1f, y, 0, outFeatures);
        if (!Tensor.recording(x, weight, bias)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            if (x.requiresGrad()) {
                gemm.multiply(false, false, rows, in, outFeatures, g, 0, outFeatures, weight.data(), 0, in,
                        1f, x.gradForAccumulation(), 0, in);
            }
            if (weight.requiresGrad()) {
                gemm.multiply(true, false, outFeatures, in, rows, g, 0, outFeatures, x.data(), 0, in,
                        1f, weight.gradForAccumulation(), 0, in);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = bias.gradForAccumulation();
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < outFeatures; o++) {
                        gb[o] += g[r * outFeatures + o];
                    }
                }
            }
        }, x, weight, bias);
    }

}
