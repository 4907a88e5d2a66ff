package org.era4j.nn;

import org.era4j.autograd.Standardize;
import org.era4j.autograd.Tensor;

/**
 * Layer normalisation: each sample (each token of (N, T, F); all of C*H*W of an image) is
 * standardised over its features, then scaled and shifted.
 */
public final class LayerNorm extends NormLayer {

    public LayerNorm(int channels, boolean images, LearnableAxes axes, float eps) {
        super(channels, images, axes, eps);
    }

    @Override
    protected Tensor standardize(Tensor input) {
        int group = images ? input.size() / input.dim(0) : channels;
        return Standardize.apply(input, 1, input.size() / group, group, eps, null, null);
    }
}
