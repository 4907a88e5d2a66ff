package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sharing mode on the device (layer, per channel, grouped; channels-first and channels-last)
 * against the float64 reference, the device-resident API against the array API, and determinism of
 * the per-set gradient reduction.
 */
class OpenClSharingTest {

    private static OpenClEraBackend backend;

    @BeforeAll
    static void openDevice() {
        backend = OpenClTestSupport.backend();
    }

    /** (sharing, outer, inner) cases: odd channel counts, inner 1, odd inner, many sets. */
    private record Case(ParameterSharing sharing, int outer, int inner) {
        int length() {
            return outer * sharing.channels() * inner;
        }
    }

    private static List<Case> cases() {
        return List.of(
                new Case(ParameterSharing.layer(), 3, 331),
                new Case(ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_FIRST), 2, 49),
                new Case(ParameterSharing.perChannel(5, ChannelLayout.CHANNELS_FIRST), 3, 1),
                new Case(ParameterSharing.grouped(6, 3, ChannelLayout.CHANNELS_FIRST), 2, 17),
                new Case(ParameterSharing.grouped(12, 4, ChannelLayout.CHANNELS_FIRST), 1, 2113),
                new Case(ParameterSharing.perChannel(7, ChannelLayout.CHANNELS_LAST), 61, 1),
                new Case(ParameterSharing.grouped(8, 2, ChannelLayout.CHANNELS_LAST), 257, 1),
                new Case(ParameterSharing.perChannel(96, ChannelLayout.CHANNELS_LAST), 37, 1),
                new Case(ParameterSharing.grouped(6, 6, ChannelLayout.CHANNELS_LAST), 0, 1));
    }

    @Test
    void everySharingModeMatchesTheReference() {
        int seed = 0;
        for (Case c : cases()) {
            for (int n : new int[] {1, 2, 5, 8}) {
                seed++;
                EraSpec spec = EraSpec.of(n);
                int sets = c.sharing().sets();
                int length = c.length();
                float[] params = EraTestData.parameters(spec, sets, seed);
                float[] x = EraTestData.values(length, 5, seed + 100);
                float[] dy = EraTestData.values(length, 1, seed + 200);
                float[] y = new float[length];
                backend.forward(spec, c.sharing(), params, 0, x, 0, y, 0, length, c.inner());
                var setOf = EraExpectations.setOf(c.sharing(), c.inner());
                EraExpectations.checkForward(spec, params, 0, setOf, x, 0, y, 0, length);

                float[] dx = new float[length];
                float[] dParams = EraTestData.values(sets * spec.parameterCount(), 1, seed + 300);
                float[] before = dParams.clone();
                backend.backward(spec, c.sharing(), params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, c.inner());
                EraExpectations.checkBackward(spec, params, 0, setOf, sets, x, 0, dy, 0, dx, 0, before, dParams, 0,
                        length, EraExpectations.reductionDepth(backend.kernels(), spec, c.sharing(), length, c.inner()));
            }
        }
    }

    /**
     * The kernels take VEC consecutive elements per work-item (the device's preferred float vector
     * width: 16 on PoCL with AVX-512, 1 on GPUs). Every width computes each element with the same
     * operations, so forward and dx are the same bits as the default width's, and the parameter
     * sums (whose addition order follows the width) stay within the reference bound.
     */
    @Test
    void everyVectorWidthGivesTheSameValuesAndInputGradients() {
        for (int width : new int[] {1, 4}) {
            if (width == backend.kernels().vectorWidth()) {
                continue;
            }
            try (OpenClEraBackend other = OpenClEraBackend.open(backend.device(), width)) {
                assertEquals(width, other.kernels().vectorWidth());
                int seed = 500;
                for (Case c : cases()) {
                    for (int n : new int[] {1, 2, 5, 8}) {
                        seed++;
                        EraSpec spec = EraSpec.of(n);
                        int sets = c.sharing().sets();
                        int length = c.length();
                        float[] params = EraTestData.parameters(spec, sets, seed);
                        float[] x = EraTestData.values(length, 5, seed + 100);
                        float[] dy = EraTestData.values(length, 1, seed + 200);
                        float[] y = new float[length];
                        float[] yDefault = new float[length];
                        other.forward(spec, c.sharing(), params, 0, x, 0, y, 0, length, c.inner());
                        backend.forward(spec, c.sharing(), params, 0, x, 0, yDefault, 0, length, c.inner());
                        String label = "width " + width + ", " + spec + ", " + c;
                        assertArrayEquals(yDefault, y, label);

                        float[] dx = new float[length];
                        float[] dxDefault = new float[length];
                        float[] dParams = new float[sets * spec.parameterCount()];
                        other.backward(spec, c.sharing(), params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, c.inner());
                        backend.backward(spec, c.sharing(), params, 0, x, 0, dy, 0, dxDefault, 0,
                                new float[dParams.length], 0, length, c.inner());
                        assertArrayEquals(dxDefault, dx, label);
                        EraExpectations.checkBackward(spec, params, 0, EraExpectations.setOf(c.sharing(), c.inner()),
                                sets, x, 0, dy, 0, dx, 0, new float[dParams.length], dParams, 0, length,
                                EraExpectations.reductionDepth(other.kernels(), spec, c.sharing(), length, c.inner()));
                    }
                }
            }
        }
    }

    @Test
    void perSetGradientsAreTheSameBitsOnEveryCall() {
        EraSpec spec = EraSpec.of(3);
        ParameterSharing sharing = ParameterSharing.grouped(16, 4, ChannelLayout.CHANNELS_LAST);
        int length = 16 * 4001;
        float[] params = EraTestData.parameters(spec, 4, 8);
        float[] x = EraTestData.values(length, 5, 9);
        float[] dy = EraTestData.values(length, 1, 10);
        float[] first = new float[4 * spec.parameterCount()];
        float[] dx = new float[length];
        backend.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, first, 0, length, 1);
        for (int call = 0; call < 3; call++) {
            float[] again = new float[first.length];
            backend.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, again, 0, length, 1);
            assertArrayEquals(first, again, "call " + call);
        }
    }

    @Test
    void layerSharingGivesTheSameBitsAsThePlainCall() {
        EraSpec spec = EraSpec.of(3);
        float[] params = EraTestData.parameters(spec, 1, 3);
        float[] x = EraTestData.values(5003, 4, 1);
        float[] dy = EraTestData.values(5003, 1, 2);
        float[] dx1 = new float[x.length];
        float[] dx2 = new float[x.length];
        float[] g1 = new float[spec.parameterCount()];
        float[] g2 = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx1, 0, g1, 0, x.length);
        backend.backward(spec, ParameterSharing.layer(), params, 0, x, 0, dy, 0, dx2, 0, g2, 0, x.length, 7);
        assertArrayEquals(dx1, dx2);
        assertArrayEquals(g1, g2);
    }

    @Test
    void deviceResidentApiMatchesTheArrayApi() {
        EraSpec spec = EraSpec.of(2);
        ParameterSharing sharing = ParameterSharing.grouped(8, 4, ChannelLayout.CHANNELS_FIRST);
        int inner = 9;
        int length = 5 * 8 * inner;
        int count = sharing.sets() * spec.parameterCount();
        float[] params = EraTestData.parameters(spec, sharing.sets(), 77);
        float[] x = EraTestData.values(length, 5, 78);
        float[] dy = EraTestData.values(length, 1, 79);
        float[] y = new float[length];
        float[] dx = new float[length];
        float[] dParams = new float[count];
        backend.forward(spec, sharing, params, 0, x, 0, y, 0, length, inner);
        backend.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, inner);

        ClEraKernels kernels = backend.kernels();
        try (ClBuffer p = kernels.allocate(count + 1);
             ClBuffer g = kernels.allocate(count);
             ClBuffer activations = kernels.allocate(2L * length + 3)) {
            kernels.write(params, 0, count, p, 1);
            kernels.write(new float[count], 0, count, g, 0);
            kernels.write(x, 0, length, activations, 3);
            ClTimings start = kernels.timings();
            kernels.forward(spec, sharing, p, 1, activations, 3, activations, 3 + length, length, inner);
            float[] deviceY = new float[length];
            kernels.read(activations, 3 + length, deviceY, 0, length);
            assertArrayEquals(y, deviceY);
            // backward in place: dy overwritten by dx, on the device, twice (dParams accumulates)
            kernels.write(dy, 0, length, activations, 3 + length);
            kernels.backward(spec, sharing, p, 1, activations, 3, activations, 3 + length, activations, 3 + length,
                    g, 0, length, inner);
            float[] deviceDx = new float[length];
            float[] deviceG = new float[count];
            kernels.read(activations, 3 + length, deviceDx, 0, length);
            kernels.read(g, 0, deviceG, 0, count);
            assertArrayEquals(dx, deviceDx);
            assertArrayEquals(dParams, deviceG);
            ClTimings spent = kernels.timings().since(start);
            assertEquals(3, spent.kernels(), "one forward and two backward launches");
            assertEquals(4, spent.transfers());
            assertEquals(4L * (2 * length + count), spent.bytesToHost());
            assertEquals(4L * length, spent.bytesToDevice());
            assertTrue(spent.kernelNanos() >= 0 && spent.transferNanos() >= 0, spent::toString);

            assertThrows(IllegalArgumentException.class, () -> kernels.forward(spec, sharing, p, 1, activations, 3,
                    activations, 4, length, inner), "partial overlap on the device");
            assertThrows(IllegalArgumentException.class, () -> kernels.forward(spec, sharing, p, 2, activations, 3,
                    activations, 3, length, inner), "params range past the end of the buffer");
        }
    }
}
