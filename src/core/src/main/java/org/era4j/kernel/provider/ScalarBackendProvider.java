package org.era4j.kernel.provider;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.ScalarEraBackend;

/** The {@code scalar} backend: the float32 twin of the vector kernels, same operations in the same order. */
public final class ScalarBackendProvider implements EraBackendProvider {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "float32 scalar loops, the twin of simd (no flags needed)";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public EraBackend open(String selector) {
        return ScalarEraBackend.INSTANCE;
    }
}
