package org.era4j.kernel.provider;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.ReferenceEraBackend;

/** The {@code reference} backend: float64 arithmetic, the yardstick every other backend is held to. */
public final class ReferenceBackendProvider implements EraBackendProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "float64 arithmetic, the accuracy yardstick (slow)";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public EraBackend open(String selector) {
        return ReferenceEraBackend.INSTANCE;
    }
}
