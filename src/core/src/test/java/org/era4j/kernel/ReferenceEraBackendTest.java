package org.era4j.kernel;

import org.era4j.testkit.EraBackendConformance;


class ReferenceEraBackendTest extends EraBackendConformance {
    @Override
    protected EraBackend backend() {
        return ReferenceEraBackend.INSTANCE;
    }
}
