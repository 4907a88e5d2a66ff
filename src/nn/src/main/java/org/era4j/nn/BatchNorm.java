package org.era4j.nn;

import org.era4j.autograd.Standardize;
import org.era4j.autograd.Tensor;

/**
 * Batch normalisation: in training, each channel (feature) is standardised over the batch (and
 * H*W), and running statistics follow {@code r = momentum r + (1 - momentum) batch} (Keras'
 * convention, momentum 0.99); in evaluation the running statistics are used. The running mean and
 * variance are buffers, saved with the weights.
 */
public final class BatchNorm extends NormLayer {

    /** Keras' default momentum of the running statistics. */
    public static final float DEFAULT_MOMENTUM = 0.99f;

    private final float momentum;
    private final float[] runningMean;
    private final float[] runningVariance;
    private final float[] batchMean;
    private final float[] batchVariance;

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
        for (int c = 0; c < channels; c++) {
            runningMean[c] = momentum * runningMean[c] + (1 - momentum) * batchMean[c];
            runningVariance[c] = momentum * runningVariance[c] + (1 - momentum) * batchVariance[c];
        }
        return out;
    }
}
