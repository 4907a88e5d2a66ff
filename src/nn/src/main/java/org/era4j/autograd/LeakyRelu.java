package org.era4j.autograd;

/** {@code x} for x > 0, else {@code slope * x}; derivative 1 or {@code slope}. */
public final class LeakyRelu {

    private LeakyRelu() {
    }

    public static Tensor apply(Tensor input, float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("leaky ReLU slope must be finite, got " + slope);
        }
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] < 0f ? slope * x[i] : x[i];
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < x.length; i++) {
                gx[i] += x[i] > 0f ? g[i] : slope * g[i];
            }
        }, input);
    }
}
