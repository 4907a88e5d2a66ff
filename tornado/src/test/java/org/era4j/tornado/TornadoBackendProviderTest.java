package org.era4j.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackendUnavailableException;
import org.era4j.kernel.EraBackends;
import org.junit.jupiter.api.Test;

/**
 * The tornado entry of the backend registry, in a plain JVM (no TornadoVM runtime): it is found
 * through its service entry, says why it is unavailable instead of throwing, and opening it fails
 * with {@link EraBackendUnavailableException} saying how to launch under the SDK. Under the SDK the
 * same lookups are checked end to end by {@link TornadoConformanceRunner}.
 */
class TornadoBackendProviderTest {

    @Test
    void theRegistryFindsTornadoThroughItsServiceEntry() {
        EraBackendProvider provider = EraBackends.find("tornado").orElseThrow();
        assertTrue(provider instanceof TornadoBackendProvider, provider.getClass().getName());
        assertEquals("tornado", provider.name());
        assertTrue(EraBackends.names().contains("tornado[:DEVICE]"), EraBackends.names().toString());
        assertTrue(EraBackends.describe().contains("tornado[:DEVICE]"), EraBackends.describe());
    }

    @Test
    void withoutTheSdkTornadoIsUnavailableAndSaysHowToLaunch() {
        assumeTrue(System.getProperty(TornadoBackendProvider.RUNTIME_PROPERTY) == null, "running under the TornadoVM SDK");
        EraBackendProvider.Availability availability = new TornadoBackendProvider().availability();
        assertFalse(availability.available());
        // tornado-api is on the test class path (provided scope), so the argfile is what is missing.
        assertTrue(availability.reason().contains("not started with the TornadoVM SDK's argfile"), availability.reason());
        assertTrue(availability.reason().contains("tornado-argfile"), availability.reason());
        assertTrue(availability.reason().contains("docs/tornadovm.md"), availability.reason());

        EraBackendUnavailableException refused = assertThrows(EraBackendUnavailableException.class,
                () -> EraBackends.open("tornado"));
        assertTrue(refused.getMessage().startsWith("backend 'tornado' is not available here: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("tornado-argfile"), refused.getMessage());
        EraBackendUnavailableException direct = assertThrows(EraBackendUnavailableException.class,
                () -> new TornadoBackendProvider().open("0:0"));
        assertTrue(direct.getMessage().contains("TORNADOVM_HOME"), direct.getMessage());
        assertThrows(EraBackendUnavailableException.class, () -> EraBackends.open("tornado:pthread"));
    }

    @Test
    void withoutTornadoApiTheProviderStillLoadsAndReportsWhy() throws IOException, InterruptedException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("tornado-api"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(classPath.equals(System.getProperty("java.class.path")), "tornado-api is not on the test class path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-cp", classPath, NoTornadoProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("found tornado true"), out);
        assertTrue(out.contains("available false"), out);
        assertTrue(out.contains("reason the TornadoVM API (uk.ac.manchester.tornado.api.TornadoExecutionPlan) is not on"
                + " the class or module path; the tornado backend runs only under a TornadoVM 5.2 SDK"), out);
        assertTrue(out.contains("refused EraBackendUnavailableException backend 'tornado' is not available here"), out);
        assertTrue(out.contains("listed true"), out);
    }
}
