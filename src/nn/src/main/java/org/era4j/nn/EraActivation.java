package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Era;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * A learnable ERA activation: {@code sharing.sets()} parameter sets, each initialised to a copy
 * of the caller's {@code initialSet} (a fitted Swish, GELU, ... from the rational package's
 * fitting, or any other set of {@code spec.parameterCount()} floats). The kernel is
 * executor of the {@link ExecutionContext} each call gets, so the same layer runs on any backend.
 * Parameters have role {@link ParameterRole#RATIONAL} (no L2 regularisation).
 */
public final class EraActivation extends Module {

    private final EraSpec spec;
    private final ParameterSharing sharing;
    private final Tensor params;

    public EraActivation(EraSpec spec, ParameterSharing sharing, float[] initialSet) {
        if (spec == null || sharing == null || initialSet == null) {
            throw new IllegalArgumentException("ERA activation needs a spec, a sharing mode and initial parameters");
        }
        if (initialSet.length != spec.parameterCount()) {
            throw new IllegalArgumentException("ERA initial parameter set has " + initialSet.length + " floats, "
                    + spec + " needs " + spec.parameterCount());
        }
        for (float v : initialSet) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("ERA initial parameters must be finite, got " + v);
            }
        }
        this.spec = spec;
        this.sharing = sharing;
        float[] data = new float[sharing.sets() * spec.parameterCount()];
        for (int s = 0; s < sharing.sets(); s++) {
            System.arraycopy(initialSet, 0, data, s * spec.parameterCount(), spec.parameterCount());
        }
        this.params = registerParameter("era", ParameterRole.RATIONAL, data, sharing.sets(), spec.parameterCount());
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return Era.apply(input, params, spec, sharing, context.eraExecutor());
    }

    public EraSpec spec() {
        return spec;
    }

    public ParameterSharing sharing() {
        return sharing;
    }

    /** The parameter tensor (sets, 4n+2). */
    public Tensor parameterSets() {
        return params;
    }

    @Override
    protected String describe() {
        return spec + " " + sharing;
    }
}
