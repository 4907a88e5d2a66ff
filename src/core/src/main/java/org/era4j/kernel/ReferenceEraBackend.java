package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * {@link EraReference} behind the {@link EraBackend} interface: every element is computed in
 * float64 from the partial-fraction definition and rounded once to float32; parameter gradients
 * are summed in float64. Slow and allocating (one small array per call); it is the yardstick the
 * other backends are measured against, and what {@code era eval --backend reference} uses.
 */
public final class ReferenceEraBackend implements EraBackend {

    /** The shared instance; the backend is stateless. */
    public static final ReferenceEraBackend INSTANCE = new ReferenceEraBackend();

    private ReferenceEraBackend() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        double[] p = EraReference.toDouble(spec, params, paramsOffset);
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = (float) EraReference.value(spec, p, 0, x[xOffset + i]);
        }
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        double[] p = EraReference.toDouble(spec, params, paramsOffset);
        int count = spec.parameterCount();
        double[] gradient = new double[2 * count];
        for (int i = 0; i < length; i++) {
            double xi = x[xOffset + i];
            double gi = dy[dyOffset + i];
            EraReference.parameterGradient(spec, p, 0, xi, gradient, count);
            for (int k = 0; k < count; k++) {
                gradient[k] += gi * gradient[count + k];
            }
            dx[dxOffset + i] = (float) (gi * EraReference.derivative(spec, p, 0, xi));
        }
        for (int k = 0; k < count; k++) {
            dParams[dParamsOffset + k] = (float) (dParams[dParamsOffset + k] + gradient[k]);
        }
    }

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        double[] p = EraReference.toDouble(spec, params, paramsOffset);
        for (long i = 0; i < length; i++) {
            double xi = x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xOffset + i);
            y.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, yOffset + i, (float) EraReference.value(spec, p, 0, xi));
        }
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        double[] p = EraReference.toDouble(spec, params, paramsOffset);
        int count = spec.parameterCount();
        double[] gradient = new double[2 * count];
        for (long i = 0; i < length; i++) {
            double xi = x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xOffset + i);
            double gi = dy.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, dyOffset + i);
            EraReference.parameterGradient(spec, p, 0, xi, gradient, count);
            for (int k = 0; k < count; k++) {
                gradient[k] += gi * gradient[count + k];
            }
            dx.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, dxOffset + i,
                    (float) (gi * EraReference.derivative(spec, p, 0, xi)));
        }
        for (int k = 0; k < count; k++) {
            dParams[dParamsOffset + k] = (float) (dParams[dParamsOffset + k] + gradient[k]);
        }
    }
}
