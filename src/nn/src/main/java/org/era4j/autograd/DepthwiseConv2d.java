package org.era4j.autograd;

import org.era4j.kernel.Gemm;

/**
 * Depthwise 2-D convolution (one kh x kw filter per channel, no mixing across channels; the
 * first half of MobileNet's depthwise-separable convolution): input (N, C, H, W), weight
 * (C, 1, kh, kw), bias (C) or null, output (N, C, Ho, Wo). Direct loops: each output pixel reads
 * kh*kw inputs of its own channel, so there is nothing for a GEMM to gain. The loops run tap by
 * tap over whole output rows (valid columns computed once per tap), planes or channels across the
 * workers.
 */
public final class DepthwiseConv2d {

    private DepthwiseConv2d() {
    }

    /** On the calling thread only. */
    public static Tensor apply(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding) {
        return apply(null, input, weight, bias, stride, padding);
    }

    /** @param gemm whose workers take the planes (forward) and channels (backward), or null for the calling thread */
    public static Tensor apply(Gemm gemm, Tensor input, Tensor weight, Tensor bias, int stride, Padding padding) {
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
        float[] bs = bias == null ? null : bias.data();
        // planes (n, c) across the workers: each writes only its own output plane
        forEach(gemm, batch * channels, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int c = plane % channels;
                int inPlane = plane * h * w;
                int outPlane = plane * oh * ow;
                java.util.Arrays.fill(y, outPlane, outPlane + oh * ow, bs == null ? 0f : bs[c]);
                forEachTap(geo, (tap, oy, x0, x1, inRow) -> {
                    float weightTap = k[c * kh * kw + tap];
                    int in = inPlane + inRow;
                    int outRow = outPlane + oy * ow;
                    for (int ox = x0; ox < x1; ox++) {
                        y[outRow + ox] += x[in + ox * stride] * weightTap;
                    }
                });
            }
        });
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] dx = input.requiresGrad() ? input.gradForAccumulation() : null;
            float[] dk = weight.requiresGrad() ? weight.gradForAccumulation() : null;
            float[] db = bias != null && bias.requiresGrad() ? bias.gradForAccumulation() : null;
            // channels across the workers; each channel's samples in order, so the filter and bias
            // sums have one order whatever the thread count
            forEach(gemm, channels, (from, to) -> {
                for (int c = from; c < to; c++) {
                    int filter = c * kh * kw;
                    for (int n = 0; n < batch; n++) {
                        int plane = n * channels + c;
                        int inPlane = plane * h * w;
                        int outPlane = plane * oh * ow;
                        if (db != null) {
                            double biasSum = 0;
                            for (int i = outPlane; i < outPlane + oh * ow; i++) {
                                biasSum += g[i];
                            }
                            db[c] += (float) biasSum;
                        }
                        forEachTap(geo, (tap, oy, x0, x1, inRow) -> {
                            int in = inPlane + inRow;
                            int outRow = outPlane + oy * ow;
                            if (dx != null) {
                                float weightTap = k[filter + tap];
                                for (int ox = x0; ox < x1; ox++) {
                                    dx[in + ox * stride] += g[outRow + ox] * weightTap;
                                }
                            }
                            if (dk != null) {
                                float sum = dk[filter + tap];
                                for (int ox = x0; ox < x1; ox++) {
                                    sum += g[outRow + ox] * x[in + ox * stride];
                                }
                                dk[filter + tap] = sum;
                            }
                        });
                    }
                }
            });
        }, input, weight, bias);
    }

    /** A body over the row segment of one tap: output row {@code oy}, valid columns {@code [x0, x1)}, input row start {@code inRow} (column 0 maps to {@code inRow}, column ox to {@code inRow + ox * stride}). */
    @FunctionalInterface
    private interface TapRow {
        void run(int tap, int oy, int x0, int x1, int inRow);
    }

    /**
     * Taps in (ki, kj) order, then output rows, each with its valid column range computed once, so
     * the inner loops have no bounds tests (unit stride for stride 1, vectorised by C2). Every
     * output pixel still adds its taps in (ki, kj) order.
     */
    private static void forEachTap(ConvGeometry geo, TapRow body) {
        int tap = 0;
        for (int ki = 0; ki < geo.kh; ki++) {
            for (int kj = 0; kj < geo.kw; kj++, tap++) {
                int x0 = geo.firstInside(kj);
                int x1 = geo.endInside(kj);
                if (x1 <= x0) {
                    continue;
                }
                for (int oy = 0; oy < geo.outHeight; oy++) {
                    int iy = oy * geo.stride - geo.padTop + ki;
                    if (iy >= 0 && iy < geo.height) {
                        body.run(tap, oy, x0, x1, iy * geo.width - geo.padLeft + kj);
                    }
                }
            }
        }
    }

    private static void forEach(Gemm gemm, int tasks, Relu.Range body) {
        if (gemm == null || tasks < 2) {
            body.run(0, tasks);
            return;
        }
        gemm.forEach(tasks, (worker, from, to, serial) -> body.run(from, to));
    }
}
