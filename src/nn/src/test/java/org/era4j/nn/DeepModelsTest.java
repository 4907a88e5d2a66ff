package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.era4j.autograd.CrossEntropy;
import org.era4j.autograd.GradCheck;
import org.era4j.autograd.Tensor;
import org.era4j.nn.ActivationFactory.EraSharing;
import org.junit.jupiter.api.Test;

/** Transformer, MLP-Mixer and ResNet-18 builders: whole-network gradchecks with ERA, shapes, sharing. */
class DeepModelsTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    private static final ActivationFactory ERA_LAYER = ActivationFactory.era(TestEra.SPEC, EraSharing.LAYER, 1, TestEra.smoothSet());
    private static final ActivationFactory ERA_CHANNEL = ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet());

    private static void gradcheck(Sequential model, int[] inputShape, int classes, int samples) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 2;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Tensor x = ModelsTest.input(1, shape).requiresGrad(true);
        int[] y = ModelsTest.labels(2, 2, classes);
        Tensor logits = model.forward(CONTEXT, x);
        assertEquals(List.of(2, classes), List.of(logits.dim(0), logits.dim(1)));
        List<Tensor> wrt = new ArrayList<>(model.parameters());
        wrt.add(x);
        GradCheck.Result r = GradCheck.checkLoss(() -> CrossEntropy.apply(model.forward(CONTEXT, x), y), wrt,
                GradCheck.Options.defaults().withStep(1e-3).sampling(samples));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void transformerGradcheck() {
        for (boolean shared : new boolean[] {false, true}) {
            Sequential t = DeepModels.transformer(new int[] {2, 4, 4}, 3, 2, 8, 2, 12, 2, shared, ERA_CHANNEL, 3);
            gradcheck(t, new int[] {2, 4, 4}, 3, 8);
        }
    }

    @Test
    void mixerGradcheck() {
        for (boolean shared : new boolean[] {false, true}) {
            Sequential m = DeepModels.mixer(new int[] {1, 4, 4}, 3, 2, 6, 5, 10, 2, shared, ERA_LAYER, 4);
            gradcheck(m, new int[] {1, 4, 4}, 3, 8);
        }
    }

    @Test
    void resnet18Gradcheck() {
        Sequential r = DeepModels.resnet18(new int[] {1, 16, 16}, 3, 2, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ERA_LAYER, 5);
        gradcheck(r, new int[] {1, 16, 16}, 3, 4);
    }

    @Test
    void sharedLayersHoldOneCopyOfTheWeights() {
        Sequential distinct = DeepModels.transformer(new int[] {3, 8, 8}, 10, 4, 16, 4, 32, 4, false, ActivationFactory.geluTanh(), 1);
        Sequential shared = DeepModels.transformer(new int[] {3, 8, 8}, 10, 4, 16, 4, 32, 4, true, ActivationFactory.geluTanh(), 1);
        // one encoder layer: 2 layer norms (2*16 each) + 4 projections (16*16+16) + FFN (16*32+32 + 32*16+16)
        long layer = 2 * 32 + 4 * (16 * 16 + 16) + (16 * 32 + 32) + (32 * 16 + 16);
        assertEquals(3 * layer, distinct.parameterCount() - shared.parameterCount());
    }

    @Test
    void resnet18StandardWidthHasTheKnownSize() {
        Sequential r = DeepModels.resnet18(new int[] {3, 32, 32}, 10, 64, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ActivationFactory.relu(), 1);
        // torchvision's ResNet-18 has 11,689,512 parameters with a 7x7 stem and 1000 classes;
        // with a 3x3 stem (1,728 instead of 9,408) and 10 classes (5,130 instead of 513,000) it is 11,173,962
        assertEquals(11_173_962L, r.parameterCount());
    }
}
