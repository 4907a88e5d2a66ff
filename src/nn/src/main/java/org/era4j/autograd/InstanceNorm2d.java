package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.InstanceNormKernel;
import org.era4j.kernel.PlaneSums;

/**
 * Instance normalisation with its learnable scale and shift in one primitive:
 * {@code y = gamma_c (x - mean) / sqrt(var + eps) + beta_c} over each (sample, channel) plane of
 * NCHW input (biased variance, float64 sums in {@link PlaneSums}' fixed order), {@code gamma}/{@code beta} of size C or 1.
 *
 * <p>Why fused: {@link Standardize} followed by broadcast {@link Mul} and {@link Add} reads and
 * writes the whole activation five times forward and as often backward, all on one thread. Here
 * forward reads x twice (statistics) and writes y once; backward reads x and g twice and writes dx
 * once, and planes are split across the GEMM's workers. {@code xhat} is recomputed from the saved
 * per-plane mean and 1/std with the same float expression in both directions.
 *
 * <p>Backward: {@code dx = gamma inv (g - mean(g) - xhat mean(g xhat))},
 * {@code dgamma_c += sum g xhat}, {@code dbeta_c += sum g}; the per-plane sums are added over the
 * samples in order, so results do not depend on the thread count.
 *
 * <p>{@link #applyRectified} is the same layer followed by a ReLU in one primitive, the common
 * "norm, then ReLU" of CNNs: forward writes only the rectified output, and backward turns the
 * output gradient into the normalisation's input gradient in one pass per plane, recomputing
 * which outputs were positive. Its results equal {@link Relu} after {@link #apply} bit for bit.
 */
public final class InstanceNorm2d {

    private InstanceNorm2d() {
    }

    public static Tensor apply(Gemm gemm, Tensor input, Tensor gamma, Tensor beta, float eps) {
        return apply(gemm, input, gamma, beta, eps, false);
    }

    /** {@code max(apply(...), 0)} by {@link Relu}'s rule, in one primitive (see the class comment). */
    public static Tensor applyRectified(Gemm gemm, Tensor input, Tensor gamma, Tensor beta, float eps) {
        return apply(gemm, input, gamma, beta, eps, true);
    }

    private static Tensor apply(Gemm gemm, Tensor input, Tensor gamma, Tensor beta, float eps, boolean rectify) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("instance norm needs NCHW input, got " + input);
        }
        int batch = input.dim(0);
        int channels = input.dim(1);
        int plane = input.dim(2) * input.dim(3);
        int sets = gamma.size();
        if ((sets != 1 && sets != channels) || beta.size() != sets) {
            throw new IllegalArgumentException("instance norm: scale " + gamma + " and shift " + beta
                    + " must have 1 or " + channels + " elements");
        }
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("normalisation eps must be finite and > 0, got " + eps);
        }
        int planes = batch * channels;
        float[] x = input.data();
        float[] gm = gamma.data();
        float[] bt = beta.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        float[] mean = BufferPool.take(planes, false);
        float[] inv = BufferPool.take(planes, false);
        gemm.forEach(planes, (worker, from, to, serial) -> {
            for (int q = from; q < to; q++) {
                int base = q * plane;
                double m = PlaneSums.sum(x, base, plane) / plane;
                double squares = PlaneSums.squaredDeviations(x, base, plane, m);
                float mf = (float) m;
                float invf = (float) (1 / Math.sqrt(squares / plane + eps));
                mean[q] = mf;
                inv[q] = invf;
                int c = sets == 1 ? 0 : q % channels;
                InstanceNormKernel.normalize(x, base, y, base, plane, mf, invf, gm[c], bt[c], rectify);
            }
        });
        if (!Tensor.recording(input, gamma, beta)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            // written, not accumulated, into an owned array the input adopts (no zero fill, no add pass)
            float[] gx = input.requiresGrad() ? BufferPool.take(input.size(), false) : null;
            // with a ReLU, the gradient it passes back; per plane, so each stays in L1 between passes
            float[] gy = !rectify ? g : gx != null ? gx : BufferPool.take(input.size(), false);
            // per-plane sum g and sum g xhat, reduced over samples below in a fixed order
            double[] sums = new double[2 * planes];
            gemm.forEach(planes, (worker, from, to, serial) -> {
                for (int q = from; q < to; q++) {
                    int base = q * plane;
                    float mf = mean[q];
                    float invf = inv[q];
                    int c = sets == 1 ? 0 : q % channels;
                    if (rectify) {
                        InstanceNormKernel.rectifiedGradient(g, x, gy, base, base + plane, mf, invf, gm[c], bt[c]);
                    }
                    PlaneSums.gradientSums(gy, x, base, plane, mf, invf, sums, 2 * q);
                    if (gx != null) {
                        float meanG = (float) (sums[2 * q] / plane);
                        float meanGy = (float) (sums[2 * q + 1] / plane);
                        InstanceNormKernel.inputGradient(gy, x, gx, base, base + plane, mf, invf, gm[c] * invf, meanG, meanGy);
                    }
                }
            });
            if (gx != null) {
                Tensor.accumulateOwned(input, gx);
            }
            if (gamma.requiresGrad() || beta.requiresGrad()) {
                double[] dg = new double[sets];
                double[] db = new double[sets];
                for (int q = 0; q < planes; q++) {
                    int c = sets == 1 ? 0 : q % channels;
                    db[c] += sums[2 * q];
                    dg[c] += sums[2 * q + 1];
                }
                if (gamma.requiresGrad()) {
                    float[] target = gamma.gradForAccumulation();
                    for (int c = 0; c < sets; c++) {
                        target[c] += (float) dg[c];
                    }
                }
                if (beta.requiresGrad()) {
                    float[] target = beta.gradForAccumulation();
                    for (int c = 0; c < sets; c++) {
                        target[c] += (float) db[c];
                    }
                }
            }
        }, input, gamma, beta);
    }
}
