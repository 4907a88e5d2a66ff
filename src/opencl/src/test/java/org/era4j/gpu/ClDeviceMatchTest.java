package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Name selectors, without an OpenCL driver: what PoCL reports for a CPU device. */
class ClDeviceMatchTest {

    @Test
    void thePlatformVendorMatchesSoPoclSelectsPocl() {
        ClPlatform pocl = new ClPlatform(null, null, 0, "Portable Computing Language", "The pocl project", "OpenCL 3.0 PoCL 3.1");
        ClDevice cpu = new ClDevice(pocl, null, 0, "cpu-haswell-AMD EPYC 7B13", "AuthenticAMD", "CPU", 2, 1L << 30,
                1L << 28, 4096, 1 << 19, "OpenCL 3.0 PoCL", "OpenCL C 1.2", true, true, 16);
        assertTrue(cpu.matches("pocl"), "docs/opencl.md selects PoCL with 'pocl'");
        assertTrue(cpu.matches("EPYC"));
        assertFalse(cpu.matches("nvidia"));
    }
}
