package org.era4j.autograd;

/**
 * Softmax over the last dimension, {@code y_j = e^{x_j - max} / sum_k e^{x_k - max}} (the max
 * shift keeps it finite for any finite input). Backward: {@code dx = y (g - sum_k g_k y_k)}.
 */
public final class Softmax {

    private Softmax() {
    }

    public static Tensor apply(Tensor input) {
        int width = input.dim(-1);
        int rows = width == 0 ? 0 : input.size() / width;
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, x[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                double e = Math.exp(x[base + j] - max);
                y[base + j] = (float) e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < width; j++) {
                y[base + j] *= inv;
            }
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += (double) g[base + j] * y[base + j];
                }
                for (int j = 0; j < width; j++) {
                    gx[base + j] += (float) (y[base + j] * (g[base + j] - dot));
                }
            }
        }, input);
    }
}
