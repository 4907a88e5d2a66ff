package org.era4j.autograd;

import java.util.random.RandomGenerator;

/**
 * Inverted dropout: each element is kept with probability {@code 1 - p} and scaled by
 * {@code 1 / (1 - p)}, else zeroed; the mask is drawn from the caller's seeded generator (so a run
 * is reproducible). Backward applies the same mask. Layers call it only in training mode.
 */
public final class Dropout {

    private Dropout() {
    }

    public static Tensor apply(Tensor input, float p, RandomGenerator random) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        float[] mask = BufferPool.take(x.length, false);
        float keep = 1f / (1f - p);
        for (int i = 0; i < x.length; i++) {
            mask[i] = random.nextFloat() < p ? 0f : keep;
            y[i] = x[i] * mask[i];
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < x.length; i++) {
                gx[i] += g[i] * mask[i];
            }
        }, input);
    }
}
