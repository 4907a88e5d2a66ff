package org.era4j.autograd;

/** {@code 1 / (1 + e^-x)}; derivative {@code y (1 - y)}. */
public final class Sigmoid {

    private Sigmoid() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = Activations.sigmoid(v);
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
                gx[i] += g[i] * (w * (1f - w));
            }
        }, input);
    }
}
