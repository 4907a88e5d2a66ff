package org.era4j.nn;

import org.era4j.autograd.Standardize;
import org.era4j.autograd.Tensor;

/**
 * Batch normalisation: in training, each channel (feature) is standardised over the batch (and
 * H*W), and running statistics follow {@code r = momentum r + (1 - momentum) batch} (Keras'
 * convention, momentum 0.99); in evaluation the running statistics are used. The running mean and
 * variance are buffers, saved with the weights.
 *
 * <p>Unlike Keras, the first training batch <em>sets</em> the running statistics instead of being
 * blended into their initial values (mean 0, variance 1): with momentum 0.99 those initial values
 * keep a weight of 0.99^t, and a layer whose pre-activations have a variance of 0.003 (the first
 * convolution of the paper's CNN on [0, 1] pixels) was still evaluated with a running variance of
 * about 0.4 after 100 steps, so evaluation-mode accuracy sat near chance while training accuracy
 * was 85 % (docs/results.md). The running statistics count as unset while they hold exactly their
 * initial values, so a restored checkpoint is never re-seeded and a resumed run matches an
 * uninterrupted one.
 */
public final class BatchNorm extends NormLayer {

    /** Keras' default momentum of the running statistics. */
    public static final float DEFAULT_MOMENTUM = 0.99f;

    private final float momentum;
    private final float[] runningMean;
    private final float[] runningVariance;
    private final float[] batchMean;
    private final float[] batchVariance;
    /** While {@link #collectPopulation} runs: per-channel sums of batch means and second moments, and the batch count. */
    private double[] populationMean;
    private double[] populationSquare;
    private int populationBatches;

    public BatchNorm(int channels, boolean images, LearnableAxes axes, float eps, float momentum) {
        super(channels, images, axes, eps);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("batch norm momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.runningMean = registerBuffer("running_mean", new float[channels]);
        this.runningVariance = registerBuffer("running_var", Init.constant(1f, channels));
        this.batchMean = new float[channels];
        this.batchVariance = new float[channels];
    }

    @Override
    protected Tensor standardize(Tensor input) {
        int s = images ? input.dim(2) * input.dim(3) : 1;
        int p = input.size() / (channels * s);
        if (!isTraining()) {
            return Standardize.fixed(input, p, channels, s, eps, runningMean, runningVariance);
        }
        Tensor out = Standardize.apply(input, p, channels, s, eps, batchMean, batchVariance);
        if (populationMean != null) {
            for (int c = 0; c < channels; c++) {
                populationMean[c] += batchMean[c];
                populationSquare[c] += (double) batchVariance[c] + (double) batchMean[c] * batchMean[c];
            }
            populationBatches++;
            return out;
        }
        if (unset()) {
            System.arraycopy(batchMean, 0, runningMean, 0, channels);
            System.arraycopy(batchVariance, 0, runningVariance, 0, channels);
            return out;
        }
        for (int c = 0; c < channels; c++) {
            runningMean[c] = momentum * runningMean[c] + (1 - momentum) * batchMean[c];
            runningVariance[c] = momentum * runningVariance[c] + (1 - momentum) * batchVariance[c];
        }
        return out;
    }

    /** True while the running statistics hold exactly their initial values (no batch seen). */
    private boolean unset() {
        for (int c = 0; c < channels; c++) {
            if (runningMean[c] != 0f || runningVariance[c] != 1f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the running statistics of every batch norm in {@code model} by population statistics
     * of the current weights ("precise BN", Wu and Johnson 2021, "Rethinking 'Batch' in BatchNorm"):
     * {@code forwardBatches} runs training-mode forward passes of equal-sized batches (without
     * gradients), each batch norm averages its batch means and second moments over them, and the
     * running mean and variance become that average. Training is not affected (training mode uses
     * batch statistics); evaluation no longer depends on how far an exponential average has caught
     * up with weights that change faster than it forgets. Other modules run in evaluation mode
     * during the passes (dropout off, so no random numbers are drawn). Returns the number of batch
     * norms updated (0 when the model has none, and then nothing runs).
     */
    public static int collectPopulation(Module model, Runnable forwardBatches) {
        java.util.List<BatchNorm> norms = new java.util.ArrayList<>();
        collect(model, norms);
        if (norms.isEmpty()) {
            return 0;
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (BatchNorm bn : norms) {
                bn.populationMean = new double[bn.channels];
                bn.populationSquare = new double[bn.channels];
                bn.populationBatches = 0;
                bn.train(true);
            }
            forwardBatches.run();
            for (BatchNorm bn : norms) {
                if (bn.populationBatches == 0) {
                    continue; // no batch ran: the running statistics stay as they were
                }
                for (int c = 0; c < bn.channels; c++) {
                    double mean = bn.populationMean[c] / bn.populationBatches;
                    double variance = bn.populationSquare[c] / bn.populationBatches - mean * mean;
                    bn.runningMean[c] = (float) mean;
                    bn.runningVariance[c] = (float) Math.max(0, variance);
                }
            }
        } finally {
            for (BatchNorm bn : norms) {
                bn.populationMean = null;
                bn.populationSquare = null;
            }
            model.train(wasTraining);
        }
        return norms.size();
    }

    private static void collect(Module module, java.util.List<BatchNorm> into) {
        if (module instanceof BatchNorm bn) {
            into.add(bn);
        }
        module.children().values().forEach(child -> collect(child, into));
    }
}
