package org.era4j.autograd;

import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * The enhanced rational activation as one fused primitive,
 * {@code y = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps)}, applied through the
 * core {@link EraExecutor} (any {@link org.era4j.kernel.EraBackend}) under a
 * {@link ParameterSharing}. {@code params} holds {@code sharing.sets()} sets of
 * {@code spec.parameterCount()} floats. The channel axis is axis 1 of channels-first (N, C, ...)
 * tensors, or the last axis of channels-last (..., C) tensors; layer sharing ignores it.
 * Backward is the kernels' fused pass: {@code dx} and every set's parameter gradient at once.
 */
public final class Era {

    private Era() {
    }

    public static Tensor apply(Tensor input, Tensor params, EraSpec spec, ParameterSharing sharing,
                               EraExecutor executor) {
        if (params.size() != sharing.sets() * spec.parameterCount()) {
            throw new IllegalArgumentException("ERA: " + params.size() + " parameters, " + sharing + " with "
                    + spec + " needs " + sharing.sets() * spec.parameterCount());
        }
        int inner = innerSize(input, sharing);
        Tensor out = Tensor.output(input.shape());
        if (!Tensor.recording(input, params)) {
            executor.forward(spec, sharing, params.data(), 0, input.data(), 0, out.data(), 0, input.size(), inner);
            return out;
        }
        // a device backend may keep x and the parameters on the device for backward
        long token = executor.forwardRetaining(spec, sharing, params.data(), 0, input.data(), 0, out.data(), 0,
                input.size(), inner);
        return out.record(t -> {
            float[] dx = BufferPool.take(input.size(), false);
            // the kernel always accumulates parameter gradients; a frozen set gets a scratch sink
            float[] dParams = params.requiresGrad() ? params.gradForAccumulation() : new float[params.size()];
            executor.backwardRetained(token, spec, sharing, params.data(), 0, input.data(), 0, t.grad(), 0, dx, 0,
                    dParams, 0, input.size(), inner);
            Tensor.accumulateOwned(input, dx);
        }, input, params);
    }

    /** Elements per channel per sample: H*W of NCHW for channels-first, 1 otherwise. */
    private static int innerSize(Tensor input, ParameterSharing sharing) {
        if (sharing.mode() == ParameterSharing.Mode.LAYER) {
            return Math.max(1, input.size());
        }
        if (sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_LAST) {
            if (input.dim(-1) != sharing.channels()) {
                throw new IllegalArgumentException("ERA: channels-last input " + input + " does not end in "
                        + sharing.channels() + " channels");
            }
            return 1;
        }
        if (input.rank() < 2 || input.dim(1) != sharing.channels()) {
            throw new IllegalArgumentException("ERA: channels-first input " + input + " does not have "
                    + sharing.channels() + " channels on axis 1");
        }
        return input.size() / (input.dim(0) * sharing.channels());
    }
}
