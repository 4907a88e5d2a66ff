package org.era4j.autograd;

/** GELU, exact: {@code x Phi(x)} with the normal CDF {@code Phi}; derivative {@code Phi(x) + x phi(x)}. */
public final class GeluExact {

    private GeluExact() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = Activations.geluExact(v);
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
                gx[i] += g[i] * (Activations.geluExactDerivative(v));
            }
        }, input);
    }
}
