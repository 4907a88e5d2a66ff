package org.era4j.kernel;

class ReferenceEraBackendTest extends EraBackendConformance {
    @Override
    EraBackend backend() {
        return ReferenceEraBackend.INSTANCE;
    }
}
