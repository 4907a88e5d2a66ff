package org.era4j.autograd;

/** {@code tanh(x)}; derivative {@code 1 - y^2}. */
public final class Tanh {

    private Tanh() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = (float) Math.tanh(v);
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
                gx[i] += g[i] * (1f - w * w);
            }
        }, input);
    }
}
