package org.era4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Tensor;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

class MobileNetTest {

    @Test
    void buildsForCifarAndFashionMnistShapesWithAnyActivation() {
        // full width on CIFAR-10: the known MobileNet v1 size (3.2M parameters with a 10-class head, batch norm)
        Sequential cifar = MobileNet.v1(new int[] {3, 32, 32}, 10, 1.0, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ActivationFactory.relu(), 1);
        long params = cifar.parameterCount();
        assertTrue(params > 3_150_000 && params < 3_300_000, "parameters: " + params);
        EraSpec spec = EraSpec.ofDenominatorDegree(4, EraSpec.DEFAULT_EPS);
        ActivationFactory era = ActivationFactory.era(spec, ActivationFactory.EraSharing.LAYER, 1, EraInitializer.random(spec, 1));
        for (int[] shape : new int[][] {{3, 32, 32}, {1, 28, 28}}) {
            Sequential model = MobileNet.v1(shape, 10, 0.125, NormKind.BATCH, LearnableAxes.PER_CHANNEL, era, 2);
            long eras = model.children().values().stream().filter(m -> m instanceof EraActivation).count();
            assertEquals(1 + 2 * MobileNet.BLOCKS.length, eras, "an ERA in every activation slot");
            try (ExecutionContext context = ExecutionContext.cpu(1)) {
                Tensor out = model.forward(context, Tensor.zeros(2, shape[0], shape[1], shape[2]));
                assertArrayEquals(new int[] {2, 10}, out.shape());
            }
        }
    }
}
