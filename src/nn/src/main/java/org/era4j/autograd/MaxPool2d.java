package org.era4j.autograd;

/**
 * Max pooling over {@code k x k} windows of NCHW input with a stride and padding (padding never
 * wins: only real elements are candidates). Forward saves the argmax of each window (first
 * maximum in row-major window order); backward routes each gradient to it. A NaN in a window
 * propagates (it is taken as the maximum).
 */
public final class MaxPool2d {

    private MaxPool2d() {
    }

    public static Tensor apply(Tensor input, int k, int stride, Padding padding) {
        ConvGeometry geo = new ConvGeometry(input.shape(), k, k, stride, padding);
        int planes = input.dim(0) * geo.channels;
        int inPlane = geo.height * geo.width;
        int outPlane = geo.outPixels();
        Tensor out = Tensor.output(new int[] {input.dim(0), geo.channels, geo.outHeight, geo.outWidth});
        float[] x = input.data();
        float[] y = out.data();
        int[] argmax = BufferPool.takeInts(planes * outPlane);
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < geo.outHeight; oy++) {
                for (int ox = 0; ox < geo.outWidth; ox++) {
                    int best = -1;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int ki = 0; ki < k; ki++) {
                        int iy = oy * stride - geo.padTop + ki;
                        if (iy < 0 || iy >= geo.height) {
                            continue;
                        }
                        for (int kj = 0; kj < k; kj++) {
                            int ix = ox * stride - geo.padLeft + kj;
                            if (ix < 0 || ix >= geo.width) {
                                continue;
                            }
                            int index = p * inPlane + iy * geo.width + ix;
                            float v = x[index];
                            if (best < 0 || v > max || (Float.isNaN(v) && !Float.isNaN(max))) {
                                best = index;
                                max = v;
                            }
                        }
                    }
                    int o = p * outPlane + oy * geo.outWidth + ox;
                    y[o] = max;
                    argmax[o] = best;
                }
            }
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int o = 0; o < argmax.length; o++) {
                if (argmax[o] >= 0) {
                    gx[argmax[o]] += g[o];
                }
            }
        }, input);
    }
}
