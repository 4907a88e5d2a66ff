package org.era4j.autograd;

/** Swish / SiLU {@code x sigmoid(x)}; derivative {@code s + x s (1 - s)}, {@code s = sigmoid(x)}. */
public final class Swish {

    private Swish() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v * Activations.sigmoid(v);
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
                gx[i] += g[i] * (Activations.swishDerivative(v));
            }
        }, input);
    }
}
