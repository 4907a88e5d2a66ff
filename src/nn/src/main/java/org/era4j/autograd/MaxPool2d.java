package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.MaxPoolKernel;

/**
 * Max pooling over {@code k x k} windows of NCHW input with a stride and padding (padding never
 * wins: only real elements are candidates). Forward saves the argmax of each window (first
 * maximum in row-major window order); backward routes each gradient to it. A NaN in a window
 * propagates (it is taken as the maximum). Planes are split across the GEMM's workers (each plane's
 * gradients stay in that plane, so the split cannot change results).
 */
public final class MaxPool2d {

    private MaxPool2d() {
    }

    /** On the calling thread only. */
    public static Tensor apply(Tensor input, int k, int stride, Padding padding) {
        return apply(null, input, k, stride, padding);
    }

    /** @param gemm whose workers take the planes, or null for the calling thread */
    public static Tensor apply(Gemm gemm, Tensor input, int k, int stride, Padding padding) {
        ConvGeometry geo = new ConvGeometry(input.shape(), k, k, stride, padding);
        int planes = input.dim(0) * geo.channels;
        int inPlane = geo.height * geo.width;
        int outPlane = geo.outPixels();
        Tensor out = Tensor.output(new int[] {input.dim(0), geo.channels, geo.outHeight, geo.outWidth});
        float[] x = input.data();
        float[] y = out.data();
        int[] argmax = BufferPool.takeInts(planes * outPlane);
        Gemm.Tasks forward = (worker, from, to, serial) -> {
            for (int p = from; p < to; p++) {
                if (k == 2 && stride == 2 && geo.padTop == 0 && geo.padLeft == 0
                        && 2 * geo.outHeight <= geo.height && 2 * geo.outWidth <= geo.width) {
                    MaxPoolKernel.pool2x2(x, p * inPlane, geo.width, geo.outHeight, geo.outWidth, y, argmax, p * outPlane);
                } else {
                    pool(geo, k, x, p * inPlane, y, argmax, p * outPlane);
                }
            }
        };
        if (gemm == null) {
            forward.run(0, 0, planes, null);
        } else {
            gemm.forEach(planes, forward);
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            // each task zeroes its own planes of an owned array the input adopts: the zero fill
            // runs on the workers instead of serially in the pool
            float[] gx = BufferPool.take(input.size(), false);
            Gemm.Tasks backward = (worker, from, to, serial) -> {
                java.util.Arrays.fill(gx, from * inPlane, to * inPlane, 0f);
                for (int o = from * outPlane; o < to * outPlane; o++) {
                    if (argmax[o] >= 0) {
                        gx[argmax[o]] += g[o];
                    }
                }
            };
            if (gemm == null) {
                backward.run(0, 0, planes, null);
            } else {
                gemm.forEach(planes, backward);
            }
            Tensor.accumulateOwned(input, gx);
        }, input);
    }

    private static void pool(ConvGeometry geo, int k, float[] x, int in, float[] y, int[] argmax, int out) {
        for (int oy = 0; oy < geo.outHeight; oy++) {
            for (int ox = 0; ox < geo.outWidth; ox++) {
                int best = -1;
                float max = Float.NEGATIVE_INFINITY;
                for (int ki = 0; ki < k; ki++) {
                    int iy = oy * geo.stride - geo.padTop + ki;
                    if (iy < 0 || iy >= geo.height) {
                        continue;
                    }
                    for (int kj = 0; kj < k; kj++) {
                        int ix = ox * geo.stride - geo.padLeft + kj;
                        if (ix < 0 || ix >= geo.width) {
                            continue;
                        }
                        int index = in + iy * geo.width + ix;
                        float v = x[index];
                        if (best < 0 || MaxPoolKernel.better(v, max)) {
                            best = index;
                            max = v;
                        }
                    }
                }
                int o = out + oy * geo.outWidth + ox;
                y[o] = max;
                argmax[o] = best;
            }
        }
    }
}
