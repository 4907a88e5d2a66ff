package org.era4j.autograd;

/**
 * Average pooling over {@code k x k} windows of NCHW input; the average is over the real elements
 * of each window (padding excluded, like Keras). Backward spreads {@code g / count} over the window.
 */
public final class AvgPool2d {

    private AvgPool2d() {
    }

    public static Tensor apply(Tensor input, int k, int stride, Padding padding) {
        ConvGeometry geo = new ConvGeometry(input.shape(), k, k, stride, padding);
        int planes = input.dim(0) * geo.channels;
        Tensor out = Tensor.output(new int[] {input.dim(0), geo.channels, geo.outHeight, geo.outWidth});
        float[] x = input.data();
        float[] y = out.data();
        walk(geo, planes, k, x, y, false);
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> walk(geo, planes, k, t.grad(), input.gradForAccumulation(), true), input);
    }

    /** Forward: {@code out[o] = mean(window)}; backward: {@code in[window] += out[o] / count}. */
    private static void walk(ConvGeometry geo, int planes, int k, float[] in, float[] out, boolean backward) {
        int inPlane = geo.height * geo.width;
        int outPlane = geo.outPixels();
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < geo.outHeight; oy++) {
                int y0 = Math.max(0, oy * geo.stride - geo.padTop);
                int y1 = Math.min(geo.height, oy * geo.stride - geo.padTop + k);
                for (int ox = 0; ox < geo.outWidth; ox++) {
                    int x0 = Math.max(0, ox * geo.stride - geo.padLeft);
                    int x1 = Math.min(geo.width, ox * geo.stride - geo.padLeft + k);
                    int o = p * outPlane + oy * geo.outWidth + ox;
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    if (backward) {
                        float share = in[o] * inv;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                out[p * inPlane + iy * geo.width + ix] += share;
                            }
                        }
                    } else {
                        double sum = 0;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                sum += in[p * inPlane + iy * geo.width + ix];
                            }
                        }
                        out[o] = (float) (sum * inv);
                    }
                }
            }
        }
    }
}
