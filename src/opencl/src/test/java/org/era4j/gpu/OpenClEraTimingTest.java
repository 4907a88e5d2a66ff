package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/** The timing API reports positive rates, and kernel-only is never slower than kernel plus transfer. */
class OpenClEraTimingTest {

    @Test
    void reportsKernelAndTransferRatesSeparately() {
        OpenClEraBackend backend = OpenClTestSupport.backend();
        ClTimings before = backend.timings();
        OpenClEraTiming.Result result = OpenClEraTiming.measure(backend, EraSpec.of(2), 1000, 2, 1);
        ClTimings spent = backend.timings().since(before);
        // warm-up + 2 forward (1 kernel each) and warm-up + 2 backward (2 kernels each)
        assertEquals(3 + 6, spent.kernels());
        assertEquals(3 * 3 + 3 * 6, spent.transfers(), "params, x in and y out; params, dParams, x, dy in and dx, dParams out");
        assertTrue(result.forwardKernel() > 0 && result.backwardKernel() > 0, result::toString);
        assertTrue(result.forwardKernel() >= result.forwardWithTransfer(), result::toString);
        assertTrue(result.backwardKernel() >= result.backwardWithTransfer(), result::toString);
        assertTrue(result.toString().contains("n=2 length=1000 x2"), result::toString);
        assertThrows(IllegalArgumentException.class, () -> OpenClEraTiming.measure(backend, EraSpec.of(1), 0, 1, 1));
    }
}
