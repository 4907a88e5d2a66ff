package org.era4j.nn;

import org.era4j.autograd.GeluExact;
import org.era4j.autograd.GeluTanh;
import org.era4j.autograd.LeakyRelu;
import org.era4j.autograd.Relu;
import org.era4j.autograd.Sigmoid;
import org.era4j.autograd.Swish;
import org.era4j.autograd.Tanh;
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
        return (c, l) -> new Activation("ReLU", (context, x) -> Relu.apply(context.gemm(), x));
    }

    static ActivationFactory leakyRelu(float slope) {
        return (c, l) -> new Activation("LeakyReLU(" + slope + ")", x -> LeakyRelu.apply(x, slope));
    }

    static ActivationFactory swish() {
        return (c, l) -> new Activation("Swish", Swish::apply);
    }

    static ActivationFactory geluTanh() {
        return (c, l) -> new Activation("GELU(tanh)", GeluTanh::apply);
    }

    static ActivationFactory geluExact() {
        return (c, l) -> new Activation("GELU", GeluExact::apply);
    }

    static ActivationFactory tanh() {
        return (c, l) -> new Activation("tanh", Tanh::apply);
    }

    static ActivationFactory sigmoid() {
        return (c, l) -> new Activation("sigmoid", Sigmoid::apply);
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
