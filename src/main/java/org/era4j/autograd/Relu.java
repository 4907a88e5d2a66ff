package org.era4j.autograd;

/** {@code max(x, 0)}; derivative 1 for x > 0, else 0 (0 at the kink). */
public final class Relu {

    private Relu() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v < 0f ? 0f : v;
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                float w = y[i];
                gx[i] += g[i] * (v > 0f ? 1f : 0f);
            }
        }, input);
    }
}
