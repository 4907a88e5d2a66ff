package org.era4j.kernel;

class ScalarEraBackendTest extends EraBackendConformance {
    @Override
    EraBackend backend() {
        return ScalarEraBackend.INSTANCE;
    }
}
