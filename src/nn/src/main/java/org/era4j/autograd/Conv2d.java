package org.era4j.autograd;

import org.era4j.kernel.Gemm;

/**
 * 2-D convolution (cross-correlation, as in every framework): input (N, C, H, W), weight
 * (O, C, kh, kw), bias (O) or null, output (N, O, Ho, Wo). Per sample, im2col then one GEMM
 * {@code y_n = W (O, C*kh*kw) col_n (C*kh*kw, Ho*Wo)}. Backward recomputes the column matrix per
 * sample (rather than keeping N of them alive) and uses {@code dW += g_n col_n^T},
 * {@code dcol = W^T g_n} then col2im.
 */
public final class Conv2d {

    private Conv2d() {
    }

    public static Tensor apply(Gemm gemm, Tensor input, Tensor weight, Tensor bias, int stride, Padding padding) {
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d weight must be (O, C, kh, kw), got " + weight);
        }
        ConvGeometry geo = new ConvGeometry(input.shape(), weight.dim(2), weight.dim(3), stride, padding);
        if (weight.dim(1) != geo.channels) {
            throw new IllegalArgumentException("conv2d: input " + input + " has " + geo.channels
                    + " channels, weight " + weight + " expects " + weight.dim(1));
        }
        int outChannels = weight.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outChannels)) {
            throw new IllegalArgumentException("conv2d bias " + bias + " must be (" + outChannels + ")");
        }
        int batch = input.dim(0);
        int rowsK = geo.columnRows();
        int pixels = geo.outPixels();
        int inSample = geo.channels * geo.height * geo.width;
        int outSample = outChannels * pixels;
        Tensor out = Tensor.output(new int[] {batch, outChannels, geo.outHeight, geo.outWidth});
        float[] y = out.data();
        float[] col = BufferPool.take(rowsK * pixels, false);
        for (int n = 0; n < batch; n++) {
            geo.im2col(input.data(), n * inSample, col);
            if (bias != null) {
                for (int o = 0; o < outChannels; o++) {
                    java.util.Arrays.fill(y, n * outSample + o * pixels, n * outSample + (o + 1) * pixels, bias.data()[o]);
                }
            }
            gemm.multiply(false, false, outChannels, pixels, rowsK, weight.data(), 0, rowsK, col, 0, pixels,
                    bias == null ? 0f : 1f, y, n * outSample, pixels);
        }
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] dcol = input.requiresGrad() ? BufferPool.take(rowsK * pixels, false) : null;
            for (int n = 0; n < batch; n++) {
                if (weight.requiresGrad()) {
                    geo.im2col(input.data(), n * inSample, col);
                    gemm.multiply(false, true, outChannels, rowsK, pixels, g, n * outSample, pixels, col, 0, pixels,
                            1f, weight.gradForAccumulation(), 0, rowsK);
                }
                if (dcol != null) {
                    gemm.multiply(true, false, rowsK, pixels, outChannels, weight.data(), 0, rowsK, g, n * outSample,
                            pixels, 0f, dcol, 0, pixels);
                    geo.col2im(dcol, input.gradForAccumulation(), n * inSample);
                }
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = bias.gradForAccumulation();
                for (int n = 0; n < batch; n++) {
                    for (int o = 0; o < outChannels; o++) {
                        double sum = 0;
                        int base = n * outSample + o * pixels;
                        for (int p = 0; p < pixels; p++) {
                            sum += g[base + p];
                        }
                        gb[o] += (float) sum;
                    }
                }
            }
        }, input, weight, bias);
    }
}
