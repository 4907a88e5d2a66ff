package org.era4j.autograd;

import org.era4j.kernel.ReluKernel;

/**
 * {@code max(x, 0)} (NaN stays NaN, -0 stays -0); derivative 1 for x > 0, else 0 (0 at the kink).
 * Both directions run the branch-free {@link ReluKernel}.
 */
public final class Relu {

    private Relu() {
    }

    public static Tensor apply(Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        ReluKernel.forward(x, out.data(), x.length);
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> ReluKernel.backward(x, t.grad(), input.gradForAccumulation(), x.length), input);
    }
}
