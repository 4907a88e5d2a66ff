package org.era4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Tensor;
import org.era4j.nn.ActivationFactory.EraSharing;
import org.era4j.optim.Adam;
import org.era4j.optim.L2Regularization;
import org.junit.jupiter.api.Test;

/**
 * Training gives bitwise-identical losses and weights on 1, 2 and 3 threads: every parallel
 * kernel splits work into pieces fixed by the shapes and reduces them in a fixed order. Batch 9
 * is deliberately not a multiple of any chunk size.
 */
class ThreadDeterminismTest {

    private static final int BATCH = 9;

    @Test
    void cnnWithReluIsIdenticalForAnyThreadCount() {
        check(() -> Models.cnn(new int[] {1, 12, 12}, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL,
                ActivationFactory.relu(), 3), new int[] {BATCH, 1, 12, 12});
    }

    @Test
    void cnnWithChannelEraIsIdenticalForAnyThreadCount() {
        check(() -> Models.cnn(new int[] {1, 12, 12}, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet()), 4),
                new int[] {BATCH, 1, 12, 12});
    }

    @Test
    void cnnWithBatchNormAndLayerEraIsIdenticalForAnyThreadCount() {
        check(() -> Models.cnn(new int[] {2, 10, 10}, 10, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.LAYER, 1, TestEra.smoothSet()), 5),
                new int[] {BATCH, 2, 10, 10});
    }

    @Test
    void fcnIsIdenticalForAnyThreadCount() {
        check(() -> Models.fcn(new int[] {1, 12, 12}, 10, NormKind.LAYER, LearnableAxes.PER_CHANNEL,
                ActivationFactory.relu(), 6), new int[] {BATCH, 1, 12, 12});
    }

    private static void check(Supplier<Sequential> model, int[] shape) {
        List<float[]> reference = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (ExecutionContext context = ExecutionContext.cpu(threads)) {
                Sequential net = model.get();
                ClassifierStep step = new ClassifierStep(context, net, Adam.of(net.parameters(), 1e-3),
                        new L2Regularization(1e-3), ClassifierStep.Clipping.NONE, 0);
                List<float[]> state = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Tensor x = ModelsTest.input(40 + i, shape);
                    float loss = step.train(x.data(), shape, ModelsTest.labels(50 + i, shape[0], 10));
                    state.add(new float[] {loss});
                }
                for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
                    state.add(p.getValue().data().clone());
                }
                if (reference == null) {
                    reference = state;
                } else {
                    assertEquals(reference.size(), state.size());
                    for (int i = 0; i < state.size(); i++) {
                        assertArrayEquals(reference.get(i), state.get(i), threads + " threads, entry " + i);
                    }
                }
            }
        }
    }
}
