package org.era4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendUnavailableException;
import org.era4j.kernel.EraBackends;
import org.era4j.testkit.EraBackendConformance;

/**
 * The conformance suite every backend passes, run against the OpenCL backend on the default
 * device (PoCL's CPU device in CI). Skipped, saying why, where no OpenCL platform is installed.
 */
@AddLifecycleHook(OpenClEraBackendConformanceTest.SkipWithoutOpenCl.class)
class OpenClEraBackendConformanceTest extends EraBackendConformance {

    private static EraBackend backend;
    private static String unavailable;

    static synchronized String whyUnavailable() {
        if (backend == null && unavailable == null) {
            try {
                backend = EraBackends.open("opencl");
            } catch (EraBackendUnavailableException e) {
                unavailable = "OpenCL conformance needs an OpenCL platform (CI installs pocl-opencl-icd): " + e.getMessage();
            }
        }
        return unavailable;
    }

    @Override
    protected EraBackend backend() {
        String why = whyUnavailable();
        assumeTrue(why == null, why);
        return backend;
    }

    /** Skips the jqwik properties (JUnit assumptions only reach the plain tests). */
    public static final class SkipWithoutOpenCl implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String why = whyUnavailable();
            return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
        }
    }
}
