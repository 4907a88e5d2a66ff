package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * x and the parameters kept on the device from forwardRetaining to backwardRetained: bitwise the
 * results of the plain calls, 3 + 3 transfers instead of 3 + 6, and a bounded number of kept
 * tensors (an evicted, unknown or mismatched token falls back to uploading them again).
 */
class OpenClRetainedTest {

    private static OpenClEraBackend backend;

    @BeforeAll
    static void openDevice() {
        backend = OpenClTestSupport.backend();
    }

    private record Run(float[] y, float[] dx, float[] dParams) {
    }

    private static Run plain(EraSpec spec, ParameterSharing sharing, float[] params, float[] x, float[] dy, int inner,
                             float[] dParamsStart) {
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] dParams = dParamsStart.clone();
        backend.forward(spec, sharing, params, 0, x, 0, y, 0, x.length, inner);
        backend.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length, inner);
        return new Run(y, dx, dParams);
    }

    @Test
    void retainedCallsGiveThePlainResultsWithSixTransfers() {
        EraSpec spec = EraSpec.of(2);
        ParameterSharing sharing = ParameterSharing.perChannel(5, ChannelLayout.CHANNELS_FIRST);
        int inner = 311;
        int length = 3 * 5 * inner;
        float[] params = EraTestData.parameters(spec, 5, 11);
        float[] x = EraTestData.values(length, 5, 12);
        float[] dy = EraTestData.values(length, 1, 13);
        float[] start = EraTestData.values(5 * spec.parameterCount(), 1, 14); // dParams accumulate
        Run expected = plain(spec, sharing, params, x, dy, inner, start);

        float[] y = new float[length];
        float[] dx = new float[length];
        float[] dParams = start.clone();
        ClTimings before = backend.timings();
        long token = backend.forwardRetaining(spec, sharing, params, 0, x, 0, y, 0, length, inner);
        ClTimings forward = backend.timings().since(before);
        backend.backwardRetained(token, spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, inner);
        ClTimings both = backend.timings().since(before);
        assertTrue(token != 0, "a device backend keeps the tensors");
        assertEquals(3, forward.transfers(), "forward: parameters and x up, y down");
        assertEquals(6, both.transfers(), "backward: dy up, dx and the parameter sums down");
        assertArrayEquals(expected.y(), y);
        assertArrayEquals(expected.dx(), dx);
        assertArrayEquals(expected.dParams(), dParams, "host addition of the sums = the kernel's accumulation");
        assertEquals(0, backend.retainedCount(), "the token is spent");
    }

    @Test
    void evictedUnknownAndMismatchedTokensFallBackToUploads() {
        EraSpec spec = EraSpec.of(3);
        ParameterSharing sharing = ParameterSharing.layer();
        int length = 4099;
        float[] params = EraTestData.parameters(spec, 1, 21);
        float[] x = EraTestData.values(length, 5, 22);
        float[] other = EraTestData.values(length, 5, 23);
        float[] dy = EraTestData.values(length, 1, 24);
        float[] zero = new float[spec.parameterCount()];
        Run expected = plain(spec, sharing, params, x, dy, 1, zero);
        long[] tokens = new long[OpenClEraBackend.MAX_RETAINED + 3];
        float[] y = new float[length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = backend.forwardRetaining(spec, sharing, params, 0, x, 0, y, 0, length, 1);
        }
        assertEquals(OpenClEraBackend.MAX_RETAINED, backend.retainedCount(), "bounded");
        float[] dx = new float[length];
        float[] dParams = zero.clone();
        // tokens[0] was evicted: uploads again, same results
        backend.backwardRetained(tokens[0], spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, 1);
        assertArrayEquals(expected.dx(), dx);
        assertArrayEquals(expected.dParams(), dParams);
        // a live token presented with other x: the kept x is not used
        float[] dxOther = new float[length];
        float[] dParamsOther = zero.clone();
        backend.backwardRetained(tokens[tokens.length - 1], spec, sharing, params, 0, other, 0, dy, 0, dxOther, 0,
                dParamsOther, 0, length, 1);
        Run otherExpected = plain(spec, sharing, params, other, dy, 1, zero);
        assertArrayEquals(otherExpected.dx(), dxOther);
        assertArrayEquals(otherExpected.dParams(), dParamsOther);
        // an unknown token
        float[] dxUnknown = new float[length];
        float[] dParamsUnknown = zero.clone();
        backend.backwardRetained(-7, spec, sharing, params, 0, x, 0, dy, 0, dxUnknown, 0, dParamsUnknown, 0, length, 1);
        assertArrayEquals(expected.dx(), dxUnknown);
        for (int i = 1; i < tokens.length - 1; i++) {
            backend.backwardRetained(tokens[i], spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, 1);
        }
        assertEquals(0, backend.retainedCount());
    }
}
