package org.era4j.nn;

import org.era4j.autograd.Pointwise;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.EraSpec;

/**
 * Makes the activation module for one slot of a model builder. A slot knows its channel count
 * and layout (NCHW feature maps are channels-first, (batch, features) and (batch, tokens, features)
 * channels-last), which per-channel and grouped ERA sharing need.
 */
@FunctionalInterface
public interface ActivationFactory {

    /** The activation for a slot with {@code channels} channels laid out as {@code layout}. */
    Module create(int channels, ChannelLayout layout);

    /** How ERA parameter sets are shared in each slot. */
    enum EraSharing { LAYER, CHANNEL, GROUP }

    static ActivationFactory relu() {
        return (c, l) -> Activation.relu();
    }

    static ActivationFactory leakyRelu(float slope) {
        return (c, l) -> new Activation("LeakyReLU(" + slope + ")",
                (context, x) -> Pointwise.apply(context.gemm(), x, Pointwise.Function.LEAKY_RELU, slope));
    }

    static ActivationFactory swish() {
        return pointwise("Swish", Pointwise.Function.SWISH);
    }

    static ActivationFactory geluTanh() {
        return pointwise("GELU(tanh)", Pointwise.Function.GELU_TANH);
    }

    static ActivationFactory geluExact() {
        return pointwise("GELU", Pointwise.Function.GELU_EXACT);
    }

    static ActivationFactory tanh() {
        return pointwise("tanh", Pointwise.Function.TANH);
    }

    static ActivationFactory sigmoid() {
        return pointwise("sigmoid", Pointwise.Function.SIGMOID);
    }

    /** A fixed activation: the {@link Pointwise} primitive, on the context's workers for large tensors. */
    static ActivationFactory pointwise(String name, Pointwise.Function function) {
        return (c, l) -> new Activation(name, (context, x) -> Pointwise.apply(context.gemm(), x, function));
    }

    /**
     * A learnable ERA in every slot, each slot starting from {@code initialSet}.
     *
     * @param groups parameter sets per slot for {@link EraSharing#GROUP} (must divide each slot's
     *               channels); ignored otherwise
     */
    static ActivationFactory era(EraSpec spec, EraSharing sharing, int groups, float[] initialSet) {
        float[] init = initialSet.clone();
        return (channels, layout) -> new EraActivation(spec, switch (sharing) {
            case LAYER -> ParameterSharing.layer();
            case CHANNEL -> ParameterSharing.perChannel(channels, layout);
            case GROUP -> ParameterSharing.grouped(channels, groups, layout);
        }, init);
    }
}
