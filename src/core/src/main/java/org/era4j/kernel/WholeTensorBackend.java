package org.era4j.kernel;

import org.era4j.rational.EraSpec;

/**
 * A backend that takes a whole tensor with its sharing mode in one call, as device backends want:
 * one kernel launch and one transfer each way per layer call, where {@link EraExecutor}'s fixed
 * chunks would cost a launch and two transfers per 16 Ki elements. {@link EraExecutor} hands such
 * a backend the whole call instead of chunking it; its chunking and thread fan-out are a CPU
 * strategy. The parameter gradients are then reduced in the backend's own fixed order, so they
 * are deterministic for a given backend and device but not bitwise those of the CPU backends.
 */
public interface WholeTensorBackend extends EraBackend {

    /** {@link EraExecutor#forward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, int, int)} in one call. */
    void forward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                 float[] x, int xOffset, float[] y, int yOffset, int length, int inner);

    /** {@link EraExecutor#backward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, float[], int, float[], int, int, int)} in one call. */
    void backward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                  float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                  float[] dParams, int dParamsOffset, int length, int inner);

    /**
     * {@link #forward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, int, int) forward}
     * that may keep {@code x} and {@code params} on the device for the matching
     * {@link #backwardRetained backwardRetained}, so that backward only moves {@code dy} up and
     * {@code dx} and the parameter sums down. Returns a token for that call, 0 when nothing was
     * kept. The caller must not change {@code x} or {@code params} until then (an autograd graph
     * does not). A backend keeps a bounded number of tensors: an evicted or unknown token only
     * means backward uploads them again.
     */
    default long forwardRetaining(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                  float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        forward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
        return 0L;
    }

    /**
     * {@link #backward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, float[], int, float[], int, int, int) backward}
     * after {@link #forwardRetaining}, with the same arguments and the same results; spends the
     * token (what it kept is released, whether or not it was still there).
     */
    default void backwardRetained(long token, EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                  float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                  float[] dParams, int dParamsOffset, int length, int inner) {
        backward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, inner);
    }
}
