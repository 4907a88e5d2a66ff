package org.era4j.autograd;

/**
 * The statistics part of every normalisation: the input is viewed as (P, Q, S) and each of the Q
 * groups is standardised over its P*S elements, {@code y = (x - mean_q) / sqrt(var_q + eps)}
 * (biased variance, float64 sums). Layer, instance and batch norm are views:
 * <ul>
 *   <li>layer norm of (N, F) or (N, C, H, W): P = 1, Q = N, S = F or C*H*W;</li>
 *   <li>instance norm of (N, C, H, W): P = 1, Q = N*C, S = H*W;</li>
 *   <li>batch norm of (N, F): P = N, Q = F, S = 1; of (N, C, H, W): P = N, Q = C, S = H*W.</li>
 * </ul>
 * Backward with batch statistics: {@code dx = invstd (g - mean(g) - y mean(g y))} per group; with
 * fixed (running) statistics: {@code dx = invstd g}. The learnable scale and shift are separate
 * broadcast {@link Mul}/{@link Add} operations.
 */
public final class Standardize {

    private Standardize() {
    }

    /**
     * Standardises with the batch's own statistics; when {@code meanOut}/{@code varianceOut} are not
     * null they receive each group's mean and biased variance (for running averages).
     */
    public static Tensor apply(Tensor input, int p, int q, int s, float eps, float[] meanOut, float[] varianceOut) {
        check(input, p, q, s, eps);
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        float[] invStd = new float[q];
        for (int g = 0; g < q; g++) {
            double sum = 0;
            for (int i = 0; i < p; i++) {
                int base = (i * q + g) * s;
                for (int j = 0; j < s; j++) {
                    sum += x[base + j];
                }
            }
            double mean = sum / ((long) p * s);
            double squares = 0;
            for (int i = 0; i < p; i++) {
                int base = (i * q + g) * s;
                for (int j = 0; j < s; j++) {
                    double d = x[base + j] - mean;
                    squares += d * d;
                }
            }
            double variance = squares / ((long) p * s);
            double inv = 1 / Math.sqrt(variance + eps);
            invStd[g] = (float) inv;
            if (meanOut != null) {
                meanOut[g] = (float) mean;
            }
            if (varianceOut != null) {
                varianceOut[g] = (float) variance;
            }
            for (int i = 0; i < p; i++) {
                int base = (i * q + g) * s;
                for (int j = 0; j < s; j++) {
                    y[base + j] = (float) ((x[base + j] - mean) * inv);
                }
            }
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] grad = t.grad();
            float[] gx = input.gradForAccumulation();
            double count = (double) p * s;
            for (int g = 0; g < q; g++) {
                double sumG = 0;
                double sumGy = 0;
                for (int i = 0; i < p; i++) {
                    int base = (i * q + g) * s;
                    for (int j = 0; j < s; j++) {
                        sumG += grad[base + j];
                        sumGy += (double) grad[base + j] * y[base + j];
                    }
                }
                double meanG = sumG / count;
                double meanGy = sumGy / count;
                for (int i = 0; i < p; i++) {
                    int base = (i * q + g) * s;
                    for (int j = 0; j < s; j++) {
                        gx[base + j] += (float) (invStd[g] * (grad[base + j] - meanG - y[base + j] * meanGy));
                    }
                }
            }
        }, input);
    }

    /** Standardises with given statistics (batch norm in evaluation mode). */
    public static Tensor fixed(Tensor input, int p, int q, int s, float eps, float[] mean, float[] variance) {
        check(input, p, q, s, eps);
        if (mean.length != q || variance.length != q) {
            throw new IllegalArgumentException("standardize: statistics for " + mean.length + " groups, need " + q);
        }
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        float[] invStd = new float[q];
        for (int g = 0; g < q; g++) {
            invStd[g] = (float) (1 / Math.sqrt((double) variance[g] + eps));
        }
        for (int i = 0; i < p; i++) {
            for (int g = 0; g < q; g++) {
                int base = (i * q + g) * s;
                for (int j = 0; j < s; j++) {
                    y[base + j] = (x[base + j] - mean[g]) * invStd[g];
                }
            }
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] grad = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < p; i++) {
                for (int g = 0; g < q; g++) {
                    int base = (i * q + g) * s;
                    for (int j = 0; j < s; j++) {
                        gx[base + j] += grad[base + j] * invStd[g];
                    }
                }
            }
        }, input);
    }

    private static void check(Tensor input, int p, int q, int s, float eps) {
        if (p < 1 || q < 1 || s < 1 || (long) p * q * s != input.size()) {
            throw new IllegalArgumentException("standardize: view (" + p + ", " + q + ", " + s + ") does not match "
                    + input + " of " + input.size() + " elements");
        }
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("normalisation eps must be finite and > 0, got " + eps);
        }
    }
}
