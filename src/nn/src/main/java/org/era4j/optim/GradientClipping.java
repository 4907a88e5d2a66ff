package org.era4j.optim;

import java.util.List;
import org.era4j.autograd.Tensor;

/** Gradient clipping, applied between backward and the optimiser step. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales all gradients by {@code maxNorm / norm} when the global L2 norm
     * {@code sqrt(sum g^2)} (float64, parameter order) exceeds {@code maxNorm}; returns the norm
     * before clipping. A non-finite norm is reported as an error rather than spread into the weights.
     */
    public static double byGlobalNorm(List<Tensor> parameters, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipping norm must be finite and > 0, got " + maxNorm);
        }
        double sum = 0;
        for (Tensor t : parameters) {
            if (t.grad() != null) {
                for (float g : t.grad()) {
                    sum += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sum);
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("gradient norm is " + norm + " (NaN or infinite gradients)");
        }
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Tensor t : parameters) {
                if (t.grad() != null) {
                    float[] g = t.grad();
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= scale;
                    }
                }
            }
        }
        return norm;
    }

    /** Clamps every gradient element to {@code [-limit, limit]} (NaN stays NaN). */
    public static void byValue(List<Tensor> parameters, float limit) {
        if (!(limit > 0) || Float.isInfinite(limit)) {
            throw new IllegalArgumentException("clipping value must be finite and > 0, got " + limit);
        }
        for (Tensor t : parameters) {
            if (t.grad() != null) {
                float[] g = t.grad();
                for (int i = 0; i < g.length; i++) {
                    if (g[i] > limit) {
                        g[i] = limit;
                    } else if (g[i] < -limit) {
                        g[i] = -limit;
                    }
                }
            }
        }
    }
}
