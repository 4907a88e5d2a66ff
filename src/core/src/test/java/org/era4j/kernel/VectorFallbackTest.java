package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/**
 * A consumer JVM without {@code --add-modules jdk.incubator.vector}: the core still links, the
 * default backend is the scalar twin with exactly one warning naming the flag, and every result
 * (ERA forward and backward, GEMM, ReLU) is bitwise what the kernels give in this JVM.
 */
class VectorFallbackTest {

    static float[] inputs() {
        SplittableRandom random = new SplittableRandom(20261203L);
        float[] x = new float[1031];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-4, 4);
        }
        return x;
    }

    @Test
    void withoutTheIncubatorModuleTheScalarKernelsRunWithOneWarning() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out + err);
        List<String> lines = out.lines().toList();

        assertTrue(lines.contains("enabled false"), out);
        assertTrue(lines.contains("default scalar"), out);
        assertTrue(out.contains("reason jdk.incubator.vector is not readable: start the JVM with --add-modules jdk.incubator.vector"), out);
        assertTrue(out.contains("simd unavailable: backend 'simd' is not available here: jdk.incubator.vector is not readable"), out);
        assertTrue(out.contains("providers [simd, scalar, reference]"), out);
        assertEquals(1, countOccurrences(err, "Add the JVM flag --add-modules jdk.incubator.vector"), err);

        EraSpec spec = EraSpec.of(2);
        float[] params = EraInitializer.fitted(ActivationTarget.swish(), spec);
        float[] x = inputs();
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        ScalarEraBackend.INSTANCE.forward(spec, params, 0, x, 0, y, 0, x.length);
        ScalarEraBackend.INSTANCE.backward(spec, params, 0, x, 0, x, 0, dx, 0, dParams, 0, x.length);
        assertTrue(lines.contains("forward " + Arrays.hashCode(y)), out);
        assertTrue(lines.contains("backward " + Arrays.hashCode(dx) + " " + Arrays.hashCode(dParams)), out);
        float[] c = new float[9];
        GemmScalar.multiply(false, false, 3, 3, 3, x, 0, 3, x, 9, 3, 0f, c, 0, 3);
        assertTrue(lines.contains("gemm " + Arrays.hashCode(c)), out);
        float[] relu = new float[x.length];
        ReluKernel.forwardScalar(x, relu, 0, x.length);
        assertTrue(lines.contains("relu " + Arrays.hashCode(relu)), out);
    }

    @Test
    void theVectorKernelsAgreeWithWhatTheFallbackComputes() {
        // in this JVM (started with the flag) the default backend is the Vector API one; its
        // forward values are bitwise those of the scalar twin, so a consumer loses only speed
        assertTrue(VectorSupport.enabled());
        assertEquals("simd", EraBackends.defaultBackend().name());
        EraSpec spec = EraSpec.of(2);
        float[] params = EraInitializer.fitted(ActivationTarget.swish(), spec);
        float[] x = inputs();
        float[] vector = new float[x.length];
        float[] scalar = new float[x.length];
        EraBackends.defaultBackend().forward(spec, params, 0, x, 0, vector, 0, x.length);
        ScalarEraBackend.INSTANCE.forward(spec, params, 0, x, 0, scalar, 0, x.length);
        assertTrue(Arrays.equals(vector, scalar));
    }

    private static int countOccurrences(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
            count++;
        }
        return count;
    }
}
