package org.era4j.gpu;

import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Fresh random ERAs and inputs: the device agrees with the float64 reference within the bounds of
 * {@link EraExpectations}. Skipped, with the reason, where no OpenCL platform is installed.
 */
@AddLifecycleHook(OpenClEraProperties.RequiresOpenCl.class)
class OpenClEraProperties {

    /** jqwik's way to skip a container: JUnit assumptions in its lifecycle methods count as errors. */
    static final class RequiresOpenCl implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String why = OpenClTestSupport.whyUnavailable();
            return why.isEmpty() ? SkipResult.doNotSkip()
                    : SkipResult.skip("OpenCL tests need an OpenCL platform (CI installs pocl-opencl-icd): " + why);
        }
    }

    @Provide
    Arbitrary<float[]> inputs() {
        Arbitrary<Float> element = Arbitraries.oneOf(
                Arbitraries.floats().between(-8f, 8f),
                Arbitraries.floats().between(-1e6f, 1e6f),
                Arbitraries.of(0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e18f, -1e18f));
        return element.array(float[].class).ofMinSize(0).ofMaxSize(700);
    }

    @Property(tries = 60)
    void deviceMatchesReference(@ForAll @IntRange(min = 1, max = 8) int n,
                                @ForAll("inputs") float[] x,
                                @ForAll @FloatRange(min = -3f, max = 3f) float scale,
                                @ForAll @IntRange(min = 1, max = 1_000_000) int seed) {
        OpenClEraBackend backend = OpenClTestSupport.backend();
        EraSpec spec = EraSpec.of(n);
        float[] params = EraTestData.parameters(spec, 1, seed);
        for (int k = 0; k < params.length; k++) {
            params[k] *= scale;
        }
        float[] y = new float[x.length];
        backend.forward(spec, params, 0, x, 0, y, 0, x.length);
        EraExpectations.checkForward(spec, params, 0, i -> 0, x, 0, y, 0, x.length);
        float[] dy = EraTestData.values(x.length, 2, seed + 1L);
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        EraExpectations.checkBackward(spec, params, 0, i -> 0, 1, x, 0, dy, 0, dx, 0, new float[dParams.length],
                dParams, 0, x.length, EraExpectations.reductionDepth(backend.kernels(), spec, ParameterSharing.layer(), x.length, 1));
    }
}
