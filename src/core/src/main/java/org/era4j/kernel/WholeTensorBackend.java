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
}
