package org.era4j.autograd;

/**
 * {@code min(max(x, 0), 6)}, MobileNet's activation (NaN stays NaN); derivative 1 for
 * {@code 0 < x < 6}, else 0 (0 at both kinks).
 */
public final class Relu6 {

    private Relu6() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v > 6f ? 6f : v > 0f ? v : (v != v ? v : 0f);
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] dx = input.gradForAccumulation();
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                if (v > 0f && v < 6f) {
                    dx[i] += g[i];
                }
            }
        }, input);
    }
}
