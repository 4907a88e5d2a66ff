package org.era4j.autograd;

/**
 * {@code max(x, 0)} (NaN stays NaN; -0 gives +0); derivative 1 for x > 0, else 0 (0 at the kink).
 * Both loops are branch-free ({@code Math.max}, a select on the saved output) because the sign of
 * activations is unpredictable and a branch per element costs more than the arithmetic.
 */
public final class Relu {

    private Relu() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = Math.max(v, 0f);
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < x.length; i++) {
                gx[i] += y[i] > 0f ? g[i] : 0f;
            }
        }, input);
    }
}
