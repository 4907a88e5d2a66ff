package org.era4j.autograd;

/**
 * Spatial padding of a convolution or pooling window along one axis. {@link #SAME} gives
 * {@code out = ceil(in / stride)} and pads {@code max((out - 1) stride + k - in, 0)} zeros, the
 * smaller half before (TensorFlow's rule, which the paper's Keras models use); {@link #VALID} pads
 * nothing, {@code out = floor((in - k) / stride) + 1}.
 */
public enum Padding {
    SAME, VALID;

    /** Output length for input length {@code in}, window {@code k}, {@code stride}. */
    public int outputLength(int in, int k, int stride) {
        if (this == SAME) {
            return (in + stride - 1) / stride;
        }
        if (in < k) {
            throw new IllegalArgumentException("valid window of " + k + " does not fit an input of " + in);
        }
        return (in - k) / stride + 1;
    }

    /** Zeros before the first element. */
    public int before(int in, int k, int stride) {
        if (this == VALID) {
            return 0;
        }
        int out = outputLength(in, k, stride);
        return Math.max((out - 1) * stride + k - in, 0) / 2;
    }
}
