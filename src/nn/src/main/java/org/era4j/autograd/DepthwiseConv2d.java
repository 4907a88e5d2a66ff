package org.era4j.autograd;

/**
 * Depthwise 2-D convolution (one kh x kw filter per channel, no mixing across channels; the
 * first half of MobileNet's depthwise-separable convolution): input (N, C, H, W), weight
 * (C, 1, kh, kw), bias (C) or null, output (N, C, Ho, Wo). Direct loops: each output pixel reads
 * kh*kw inputs of its own channel, so there is nothing for a GEMM to gain.
 */
public final class DepthwiseConv2d {

    private DepthwiseConv2d() {
    }

    public static Tensor apply(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding) {
        if (weight.rank() != 4 || weight.dim(1) != 1) {
            throw new IllegalArgumentException("depthwise conv2d weight must be (C, 1, kh, kw), got " + weight);
        }
        ConvGeometry geo = new ConvGeometry(input.shape(), weight.dim(2), weight.dim(3), stride, padding);
        int channels = geo.channels;
        if (weight.dim(0) != channels) {
            throw new IllegalArgumentException("depthwise conv2d: input " + input + " has " + channels
                    + " channels, weight " + weight + " has " + weight.dim(0));
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != channels)) {
            throw new IllegalArgumentException("depthwise conv2d bias " + bias + " must be (" + channels + ")");
        }
        int batch = input.dim(0);
        int h = geo.height;
        int w = geo.width;
        int kh = geo.kh;
        int kw = geo.kw;
        int oh = geo.outHeight;
        int ow = geo.outWidth;
        int top = geo.padTop;
        int left = geo.padLeft;
        Tensor out = Tensor.output(new int[] {batch, channels, oh, ow});
        float[] x = input.data();
        float[] k = weight.data();
        float[] y = out.data();
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int inPlane = (n * channels + c) * h * w;
                int outPlane = (n * channels + c) * oh * ow;
                int filter = c * kh * kw;
                float b = bias == null ? 0f : bias.data()[c];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = b;
                        for (int ki = 0; ki < kh; ki++) {
                            int iy = oy * stride - top + ki;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kj = 0; kj < kw; kj++) {
                                int ix = ox * stride - left + kj;
                                if (ix >= 0 && ix < w) {
                                    sum += x[inPlane + iy * w + ix] * k[filter + ki * kw + kj];
                                }
                            }
                        }
                        y[outPlane + oy * ow + ox] = sum;
                    }
                }
            }
        }
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] dx = input.requiresGrad() ? input.gradForAccumulation() : null;
            float[] dk = weight.requiresGrad() ? weight.gradForAccumulation() : null;
            float[] db = bias != null && bias.requiresGrad() ? bias.gradForAccumulation() : null;
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < channels; c++) {
                    int inPlane = (n * channels + c) * h * w;
                    int outPlane = (n * channels + c) * oh * ow;
                    int filter = c * kh * kw;
                    double biasSum = 0;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float go = g[outPlane + oy * ow + ox];
                            biasSum += go;
                            for (int ki = 0; ki < kh; ki++) {
                                int iy = oy * stride - top + ki;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kj = 0; kj < kw; kj++) {
                                    int ix = ox * stride - left + kj;
                                    if (ix >= 0 && ix < w) {
                                        int at = inPlane + iy * w + ix;
                                        if (dx != null) {
                                            dx[at] += go * k[filter + ki * kw + kj];
                                        }
                                        if (dk != null) {
                                            dk[filter + ki * kw + kj] += go * x[at];
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if (db != null) {
                        db[c] += (float) biasSum;
                    }
                }
            }
        }, input, weight, bias);
    }
}
