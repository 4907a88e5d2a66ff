package org.era4j.kernel;

import java.util.Arrays;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;

/**
 * Run by {@link VectorFallbackTest} in a child JVM started without
 * {@code --add-modules jdk.incubator.vector}: prints what a consumer sees, one fact per line.
 */
final class FallbackProbe {

    private FallbackProbe() {
    }

    public static void main(String[] args) {
        System.out.println("enabled " + VectorSupport.enabled());
        System.out.println("reason " + VectorSupport.disabledReason().orElse("-"));
        EraBackend backend = EraBackends.defaultBackend();
        EraBackends.defaultBackend(); // a second call must not warn again
        System.out.println("default " + backend.name());
        EraSpec spec = EraSpec.of(2);
        float[] params = EraInitializer.fitted(ActivationTarget.swish(), spec);
        float[] x = VectorFallbackTest.inputs();
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend.forward(spec, params, 0, x, 0, y, 0, x.length);
        backend.backward(spec, params, 0, x, 0, x, 0, dx, 0, dParams, 0, x.length);
        System.out.println("forward " + Arrays.hashCode(y));
        System.out.println("backward " + Arrays.hashCode(dx) + " " + Arrays.hashCode(dParams));
        float[] c = new float[9];
        try (Gemm gemm = new Gemm(2)) {
            gemm.multiply(false, false, 3, 3, 3, x, 0, 3, x, 9, 3, 0f, c, 0, 3);
        }
        System.out.println("gemm " + Arrays.hashCode(c));
        float[] relu = new float[x.length];
        ReluKernel.forward(x, relu, x.length);
        System.out.println("relu " + Arrays.hashCode(relu));
        try {
            EraBackends.open("simd");
            System.out.println("simd opened");
        } catch (EraBackendUnavailableException e) {
            System.out.println("simd unavailable: " + e.getMessage());
        }
        System.out.println("providers " + EraBackends.names());
    }
}
