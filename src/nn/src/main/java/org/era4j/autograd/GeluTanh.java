package org.era4j.autograd;

/** GELU, tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
public final class GeluTanh {

    private GeluTanh() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = Activations.geluTanh(v);
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
                gx[i] += g[i] * (Activations.geluTanhDerivative(v));
            }
        }, input);
    }
}
