package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.kernel.ReferenceEraBackend;
import org.era4j.kernel.ScalarEraBackend;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/** The fused ERA primitive: gradcheck under every sharing mode, and agreement with the float64 reference. */
class EraGradCheckTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    private static final EraSpec SPEC = EraSpec.of(2);

    /** Moderate parameters: |a..e| <= 1, f in [0.5, 1], so the function is smooth on [-1, 1]. */
    static Tensor params(long seed, int sets) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[sets * SPEC.parameterCount()];
        for (int s = 0; s < sets; s++) {
            for (int k = 0; k < SPEC.parameterCount(); k++) {
                boolean isF = k >= 2 && (k - 2) % 4 == 3;
                p[s * SPEC.parameterCount() + k] = (float) (isF ? 0.5 + 0.5 * random.nextDouble()
                        : random.nextDouble() * 2 - 1);
            }
        }
        return Tensor.parameter("era", ParameterRole.RATIONAL, p, sets, SPEC.parameterCount());
    }

    private static void check(ParameterSharing sharing, Tensor x) {
        try (EraExecutor executor = new EraExecutor(ScalarEraBackend.INSTANCE, 2)) {
            Tensor p = params(3, sharing.sets());
            PrimitiveGradCheckTest.check(in -> Era.apply(in[0], in[1], SPEC, sharing, executor), x, p);
        }
    }

    @Test
    void layerSharing() {
        check(ParameterSharing.layer(), PrimitiveGradCheckTest.random(1, 3, 4));
    }

    @Test
    void perChannelBothLayouts() {
        check(ParameterSharing.perChannel(4, ChannelLayout.CHANNELS_LAST), PrimitiveGradCheckTest.random(2, 3, 4));
        check(ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_FIRST), PrimitiveGradCheckTest.random(3, 2, 3, 2, 2));
    }

    @Test
    void groupedBothLayouts() {
        check(ParameterSharing.grouped(4, 2, ChannelLayout.CHANNELS_LAST), PrimitiveGradCheckTest.random(4, 2, 3, 4));
        check(ParameterSharing.grouped(4, 2, ChannelLayout.CHANNELS_FIRST), PrimitiveGradCheckTest.random(5, 2, 4, 3));
    }

    @Test
    void forwardMatchesFloat64ReferencePerChannel() {
        ParameterSharing sharing = ParameterSharing.perChannel(3, ChannelLayout.CHANNELS_FIRST);
        Tensor p = params(7, 3);
        Tensor x = PrimitiveGradCheckTest.random(8, 2, 3, 5);
        Tensor y;
        try (EraExecutor executor = new EraExecutor(ReferenceEraBackend.INSTANCE, 1)) {
            y = Era.apply(x, p, SPEC, sharing, executor);
        }
        for (int i = 0; i < x.size(); i++) {
            int channel = (i / 5) % 3;
            double expected = EraReference.value(SPEC,
                    EraReference.toDouble(SPEC, p.data(), channel * SPEC.parameterCount()), 0, x.data()[i]);
            assertEquals(expected, y.data()[i], 1e-6 * (1 + Math.abs(expected)), "element " + i + " x=" + x.data()[i]);
        }
    }

    @Test
    void sameResultForOneAndTwoThreads() {
        ParameterSharing sharing = ParameterSharing.grouped(6, 3, ChannelLayout.CHANNELS_LAST);
        float[][] grads = new float[2][];
        float[][] outs = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Tensor p = params(9, 3);
            Tensor x = PrimitiveGradCheckTest.random(10, 5000, 6);
            try (EraExecutor executor = new EraExecutor(ScalarEraBackend.INSTANCE, threads)) {
                Tensor y = Era.apply(x, p, SPEC, sharing, executor);
                Sum.all(y).backward();
                outs[threads - 1] = y.data().clone();
                grads[threads - 1] = p.grad().clone();
            }
        }
        assertArrayEquals(outs[0], outs[1]);
        assertArrayEquals(grads[0], grads[1]);
    }

    @Test
    void wrongParameterCountIsRejected() {
        Tensor p = params(11, 2);
        Tensor x = PrimitiveGradCheckTest.random(12, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Era.apply(x, p, SPEC, ParameterSharing.layer(), CONTEXT.eraExecutor()));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }
}
