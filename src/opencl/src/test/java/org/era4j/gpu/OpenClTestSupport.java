package org.era4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One OpenCL backend per test JVM (PoCL's first program build takes seconds), and the assumption
 * that tests needing a device make: when no loader or platform is installed they are skipped with
 * the reason, which CI avoids by installing PoCL (.ci/run).
 */
final class OpenClTestSupport {

    private static String unavailable;
    private static OpenClEraBackend backend;

    private OpenClTestSupport() {
    }

    /** The shared backend on the default device; skips the calling test when OpenCL is absent. */
    static synchronized OpenClEraBackend backend() {
        assumeOpenCl();
        if (backend == null) {
            backend = OpenClEraBackend.open((String) null);
        }
        return backend;
    }

    /** Skips the calling test, saying why, when no OpenCL platform can be used here. */
    static synchronized void assumeOpenCl() {
        String why = whyUnavailable();
        assumeTrue(why.isEmpty(), () -> "OpenCL tests need an OpenCL platform (CI installs "
                + "pocl-opencl-icd and ocl-icd-libopencl1): " + why);
    }

    /** Empty when OpenCL can be used, else the reason it cannot. */
    static synchronized String whyUnavailable() {
        if (unavailable == null) {
            try {
                ClDeviceSelector.allDevices(OpenCl.system());
                unavailable = "";
            } catch (OpenClUnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        return unavailable;
    }
}
