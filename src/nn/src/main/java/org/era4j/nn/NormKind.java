package org.era4j.nn;

/** Which normalisation a model builder puts before each hidden activation. */
public enum NormKind {
    NONE, LAYER, INSTANCE, BATCH;

    /**
     * The normalisation module for a slot, or null for {@link #NONE}.
     *
     * @param images true for NCHW feature maps, false for (..., features)
     */
    public Module create(int channels, boolean images, LearnableAxes axes) {
        return switch (this) {
            case NONE -> null;
            case LAYER -> new LayerNorm(channels, images, axes, NormLayer.DEFAULT_EPS);
            // a (batch, features) vector has no spatial axes: instance statistics are then the
            // sample's features, i.e. layer normalisation (what Keras' InstanceNormalization computes)
            case INSTANCE -> images ? new InstanceNorm(channels, axes, NormLayer.DEFAULT_EPS)
                    : new LayerNorm(channels, false, axes, NormLayer.DEFAULT_EPS);
            case BATCH -> new BatchNorm(channels, images, axes, NormLayer.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM);
        };
    }
}
