package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackends;
import org.junit.jupiter.api.Test;

/** The opencl entry of the backend registry. */
class OpenClBackendProviderTest {

    @Test
    void theRegistryFindsOpenClThroughItsServiceEntry() {
        EraBackendProvider provider = EraBackends.find("opencl").orElseThrow();
        assertTrue(provider instanceof OpenClBackendProvider);
        assertTrue(EraBackends.names().contains("opencl[:DEVICE]"), EraBackends.names().toString());
    }

    @Test
    void availabilityAgreesWithWhatOpeningDoes() {
        EraBackendProvider.Availability availability = EraBackends.find("opencl").orElseThrow().availability();
        String why = OpenClTestSupport.whyUnavailable();
        assertEquals(why.isEmpty(), availability.available(), availability.reason() + " / " + why);
    }

    @Test
    void withoutNativeAccessOpenClReportsItselfUnavailableWithTheFlag() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), NativeAccessProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("available false"), out);
        assertTrue(out.contains("reason native access is not enabled: start the JVM with --enable-native-access=ALL-UNNAMED"), out);
        assertTrue(out.contains("refused backend 'opencl' is not available here: native access is not enabled"), out);
    }
}
