package org.era4j.nn;

import org.era4j.rational.EraSpec;

/**
 * A fixed, smooth ERA parameter set for tests (n = 2): {@code 0.5 x + 0.1 + (0.5 x) / (x^2 + 1)
 * + (0.2 x + 0.1) / ((x - 1)^2 + 0.64)} (plus eps). Not a fitted activation; it only needs to be
 * smooth and well conditioned so gradchecks and training tests are meaningful.
 */
final class TestEra {

    static final EraSpec SPEC = EraSpec.of(2);

    static float[] smoothSet() {
        return new float[] {0.5f, 0.1f, 0.5f, 0f, 0f, 1f, 0.2f, 0.1f, 1f, 0.8f};
    }

    private TestEra() {
    }
}
