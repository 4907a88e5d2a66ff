package org.era4j.example;

import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackends;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;

/**
 * What a framework does with era4j-core: take a fitted ERA, run forward and the fused backward on
 * its own arrays, and check the result against the float64 reference with era4j's stated bounds.
 * Prints the backend it got; exits 1 if any element is outside its bound.
 */
public final class ConsumerExample {

    private ConsumerExample() {
    }

    public static void main(String[] args) {
        EraSpec spec = EraSpec.of(2);                                          // degree 5/4, eps = 1e-3
        float[] params = EraInitializer.fitted(ActivationTarget.swish(), spec); // from the bundled table: nothing is fitted here
        int length = 100_003;
        float[] x = new float[length];
        float[] dy = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = -6f + 12f * i / (length - 1);
            dy[i] = 1f;
        }
        float[] y = new float[length];
        float[] dx = new float[length];
        float[] dParams = new float[spec.parameterCount()];
        try (EraBackend backend = EraBackends.defaultBackend()) {
            backend.forward(spec, params, 0, x, 0, y, 0, length);
            backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length);
            System.out.println("backend " + backend.name());
        }
        EraAccuracy.Measurement forward = EraAccuracy.forwardError(spec, params, x, y);
        EraAccuracy.BackwardMeasurement backward =
                EraAccuracy.backwardError(spec, params, x, dy, dx, dParams, new float[spec.parameterCount()]);
        int at = length * 7 / 12; // x about 1
        System.out.printf("swish-initialised ERA n=2 on %d points: sigma(%.4f) = %.6f, swish = %.6f%n",
                length, x[at], y[at], ActivationTarget.swish().value(x[at]));
        System.out.printf("worst error / stated bound: forward %.3f, input gradient %.3f, parameter gradients %.3f%n",
                forward.worstRatio(), backward.inputGradient().worstRatio(), backward.parameterGradient().worstRatio());
        if (!(forward.passed() && backward.passed())) {
            System.out.println("FAILED: an element is outside its stated bound");
            System.exit(1);
        }
        System.out.println("ok");
    }
}
