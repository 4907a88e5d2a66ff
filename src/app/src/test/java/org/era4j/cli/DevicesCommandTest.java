package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.era4j.gpu.ClDeviceSelector;
import org.era4j.gpu.OpenCl;
import org.era4j.gpu.OpenClUnavailableException;
import org.junit.jupiter.api.Test;

/** {@code era devices}: the listing on a machine with OpenCL, and the error without one. */
class DevicesCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = EraCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void withoutAnOpenClLoaderTheCommandExplainsWhatToInstall() {
        String old = System.getProperty(OpenCl.LIBRARY_PROPERTY);
        System.setProperty(OpenCl.LIBRARY_PROPERTY, "/nonexistent/era4j/libOpenCL.so.1");
        try {
            Run run = run("devices");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("era: OpenCL is not available")
                    && run.err().contains("pocl-opencl-icd"), run.err());
        } finally {
            if (old == null) {
                System.clearProperty(OpenCl.LIBRARY_PROPERTY);
            } else {
                System.setProperty(OpenCl.LIBRARY_PROPERTY, old);
            }
        }
    }

    @Test
    void listsEveryDeviceAndMarksTheSelectedOne() {
        String why = "";
        try {
            ClDeviceSelector.allDevices(OpenCl.system());
        } catch (OpenClUnavailableException e) {
            why = e.getMessage();
        }
        assumeTrue(why.isEmpty(), "needs an OpenCL platform (CI installs pocl-opencl-icd): " + why);
        var devices = ClDeviceSelector.allDevices(OpenCl.system());
        Run run = run("devices", "--device", devices.getLast().selector());
        assertEquals(0, run.code(), run.err());
        for (var device : devices) {
            assertTrue(run.out().contains(device.name()) && run.out().contains(device.computeUnits() + " compute units"),
                    run.out());
            // the OpenCL kernels' elements per work-item come from this width
            assertTrue(run.out().contains("preferred float vector " + device.preferredFloatVector()), run.out());
        }
        assertTrue(run.out().contains("* " + devices.getLast().selector()), run.out());
        Run bad = run("devices", "--device", "no-such-device-era4j");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no OpenCL device matches 'no-such-device-era4j'"), bad.err());
    }
}
