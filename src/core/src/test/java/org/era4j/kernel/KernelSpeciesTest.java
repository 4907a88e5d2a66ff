package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GEMM and ReLU kernels on every species width the JDK offers, whatever the host's preferred
 * one: the species is fixed per JVM ({@code -Dera4j.simd.bits}), so each width runs
 * {@link SpeciesCheck} in a child JVM.
 */
class KernelSpeciesTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 256, 512})
    void vectorKernelsMatchScalarTwins(int bits) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-Dera4j.simd.bits=" + bits, "-cp", System.getProperty("java.class.path"),
                SpeciesCheck.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assertEquals(0, status, output);
        assertTrue(output.contains("ok Species[float, " + bits / 32), output);
    }
}
