package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Add;
import org.era4j.autograd.Mul;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/**
 * Shared part of layer, instance and batch normalisation: the learnable
 * {@code y = gamma * xhat + beta} after the subclass standardises, with gamma = 1 and beta = 0
 * initially. Parameter shapes broadcast against the input: (1) for {@link LearnableAxes#SCALAR};
 * (C, 1, 1) for per-channel on NCHW images; (F) for per-feature on (..., F).
 */
public abstract class NormLayer extends Module {

    /** Default {@code eps} added to the variance (Keras' 1e-3). */
    public static final float DEFAULT_EPS = 1e-3f;

    protected final int channels;
    protected final boolean images;
    protected final float eps;
    private final Tensor gamma;
    private final Tensor beta;

    /**
     * @param channels channels of NCHW input ({@code images}) or features of the last axis
     */
    protected NormLayer(int channels, boolean images, LearnableAxes axes, float eps) {
        if (channels < 1 || axes == null) {
            throw new IllegalArgumentException("normalisation needs channels >= 1 and learnable axes, got "
                    + channels + ", " + axes);
        }
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("normalisation eps must be finite and > 0, got " + eps);
        }
        this.channels = channels;
        this.images = images;
        this.eps = eps;
        int[] shape = axes == LearnableAxes.SCALAR ? new int[] {1}
                : images ? new int[] {channels, 1, 1} : new int[] {channels};
        int size = axes == LearnableAxes.SCALAR ? 1 : channels;
        this.gamma = registerParameter("gamma", ParameterRole.NORM, Init.constant(1f, size), shape);
        this.beta = registerParameter("beta", ParameterRole.NORM, new float[size], shape);
    }

    /** {@code (x - mean) / sqrt(var + eps)} over the subclass's groups. */
    protected abstract Tensor standardize(Tensor input);

    @Override
    public final Tensor forward(ExecutionContext context, Tensor input) {
        checkInput(input);
        Tensor fused = fused(context, input, gamma, beta);
        return fused != null ? fused : Add.apply(Mul.apply(standardize(input), gamma), beta);
    }

    /**
     * This layer followed by a ReLU as one primitive, or null where the subclass has none; used by
     * {@link Sequential} for a normalisation directly followed by {@link Activation#relu()}.
     */
    final Tensor forwardRectified(ExecutionContext context, Tensor input) {
        checkInput(input);
        return fusedRectified(context, input, gamma, beta);
    }

    private void checkInput(Tensor input) {
        if (images ? input.rank() != 4 || input.dim(1) != channels : input.dim(-1) != channels) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " of " + channels
                    + (images ? " channels expects (N, C, H, W)" : " features expects (..., F)") + ", got " + input);
        }
    }

    /**
     * The whole layer as one primitive where a subclass has one (same values as standardise,
     * scale, shift, fewer passes), else null.
     */
    protected Tensor fused(ExecutionContext context, Tensor input, Tensor gamma, Tensor beta) {
        return null;
    }

    /** The layer and a ReLU after it as one primitive (same values as the two, fewer passes), else null. */
    Tensor fusedRectified(ExecutionContext context, Tensor input, Tensor gamma, Tensor beta) {
        return null;
    }

    /** The number of channels (features) normalised. */
    public final int channels() {
        return channels;
    }

    /** True for (N, C, H, W) images, false for (..., F) features. */
    public final boolean images() {
        return images;
    }

    /** The eps added to the variance. */
    public final float eps() {
        return eps;
    }
}
