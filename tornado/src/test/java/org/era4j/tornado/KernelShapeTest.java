package org.era4j.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.kernel.ScalarEraBackend;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/**
 * The element/set arithmetic the kernels use, checked on the host (no TornadoVM needed): every
 * set's k-th element map is a bijection onto the tensor that agrees with the set map, the launch
 * sizes cover the work, and bad shapes are rejected exactly as {@link EraExecutor} rejects them.
 */
class KernelShapeTest {

    private static final EraSpec SPEC = EraSpec.of(3);

    @Test
    void everySharingModeMapsSetsOntoTheWholeTensorOnce() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int channels = 1 + random.nextInt(10);
            int groups = divisor(channels, random);
            ChannelLayout layout = random.nextBoolean() ? ChannelLayout.CHANNELS_FIRST : ChannelLayout.CHANNELS_LAST;
            ParameterSharing sharing = switch (trial % 3) {
                case 0 -> ParameterSharing.layer();
                case 1 -> ParameterSharing.perChannel(channels, layout);
                default -> ParameterSharing.grouped(channels, groups, layout);
            };
            int inner = sharing.mode() != ParameterSharing.Mode.LAYER && layout == ChannelLayout.CHANNELS_FIRST
                    ? 1 + random.nextInt(7) : 1;
            int length = (random.nextInt(6)) * sharing.channels() * inner;
            KernelShape shape = KernelShape.of(SPEC, sharing, length, inner);
            assertEquals(sharing.sets(), shape.sets());
            boolean[] seen = new boolean[length];
            for (int s = 0; s < shape.sets(); s++) {
                for (int k = 0; k < shape.perSet(); k++) {
                    int i = shape.elementOf(s, k);
                    assertTrue(i >= 0 && i < length && !seen[i], () -> "element mapped twice or outside for " + sharing);
                    seen[i] = true;
                    assertEquals(s, shape.setOf(i), () -> "set map disagrees for " + sharing);
                    int channel = layout == ChannelLayout.CHANNELS_FIRST ? (i / inner) % sharing.channels()
                            : i % sharing.channels();
                    assertEquals(sharing.mode() == ParameterSharing.Mode.LAYER ? 0 : sharing.setOf(channel), s,
                            () -> "kernel set differs from ParameterSharing.setOf for " + sharing);
                }
            }
            for (boolean hit : seen) {
                assertTrue(hit, () -> "an element belongs to no set for " + sharing);
            }
        }
    }

    @Test
    void launchSizesCoverTheWorkAndFitThePlanBuffers() {
        for (int length : new int[] {1, 63, 64, 65, 1023, 1024, 1025, 8209, 1_048_573}) {
            for (ParameterSharing sharing : new ParameterSharing[] {ParameterSharing.layer(),
                    ParameterSharing.perChannel(1, ChannelLayout.CHANNELS_LAST)}) {
                KernelShape shape = KernelShape.of(SPEC, sharing, length, 1);
                assertTrue(shape.forwardThreads() >= length && shape.forwardThreads() % EraKernels.GROUP == 0);
                assertTrue((long) shape.tiles() * EraKernels.TILE >= shape.perSet());
                assertEquals(shape.sets() * shape.tiles() * EraKernels.GROUP, shape.backwardThreads());
            }
        }
        KernelShape grouped = KernelShape.of(SPEC, ParameterSharing.grouped(12, 4, ChannelLayout.CHANNELS_FIRST),
                12 * 5 * 777, 777);
        // EraPlan sizes its partials as (capacity / TILE + sets) * MAX_PARAMETERS.
        assertTrue(grouped.partialCount() <= (grouped.length() / EraKernels.TILE + grouped.sets()) * EraKernels.MAX_PARAMETERS);
        assertTrue(grouped.reduceThreads() >= grouped.sets() * SPEC.parameterCount());
    }

    @Test
    void badShapesAreRejectedWithTheExecutorsMessages() {
        ParameterSharing first = ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_FIRST);
        ParameterSharing last = ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_LAST);
        assertSameMessage(first, 10, 2);
        assertSameMessage(first, 12, 0);
        assertSameMessage(last, 10, 1);
        assertSameMessage(last, 12, 2);
        assertSameMessage(ParameterSharing.layer(), -1, 1);
    }

    private static void assertSameMessage(ParameterSharing sharing, int length, int inner) {
        IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                () -> KernelShape.of(SPEC, sharing, length, inner));
        float[] params = new float[sharing.sets() * SPEC.parameterCount()];
        float[] data = new float[Math.max(0, length)];
        try (EraExecutor executor = new EraExecutor(ScalarEraBackend.INSTANCE, 1)) {
            IllegalArgumentException theirs = assertThrows(IllegalArgumentException.class,
                    () -> executor.forward(SPEC, sharing, params, 0, data, 0, data, 0, length, inner));
            assertEquals(theirs.getMessage(), ours.getMessage());
        }
    }

    private static int divisor(int channels, Random random) {
        int g;
        do {
            g = 1 + random.nextInt(channels);
        } while (channels % g != 0);
        return g;
    }
}
