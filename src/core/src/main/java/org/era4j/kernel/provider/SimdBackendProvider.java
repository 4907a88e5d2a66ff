package org.era4j.kernel.provider;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackendUnavailableException;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.kernel.VectorSupport;

/** The {@code simd} backend: the Vector API kernels at the width {@link VectorSupport} chose. */
public final class SimdBackendProvider implements EraBackendProvider {

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public java.util.List<String> aliases() {
        return java.util.List.of("vector");
    }

    @Override
    public String description() {
        return "Vector API kernels on this CPU (" + VectorSupport.describe() + ")";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Availability availability() {
        return VectorSupport.disabledReason().map(Availability::no).orElseGet(Availability::yes);
    }

    @Override
    public EraBackend open(String selector) {
        String reason = VectorSupport.disabledReason().orElse(null);
        if (reason != null) {
            throw new EraBackendUnavailableException("backend simd is not available: " + reason);
        }
        return VectorEraBackend.INSTANCE;
    }
}
