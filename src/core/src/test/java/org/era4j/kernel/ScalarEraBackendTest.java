package org.era4j.kernel;

import org.era4j.testkit.EraBackendConformance;


class ScalarEraBackendTest extends EraBackendConformance {
    @Override
    protected EraBackend backend() {
        return ScalarEraBackend.INSTANCE;
    }
}
