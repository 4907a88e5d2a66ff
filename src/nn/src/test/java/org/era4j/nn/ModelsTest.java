package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.era4j.autograd.CrossEntropy;
import org.era4j.autograd.GradCheck;
import org.era4j.autograd.Tensor;
import org.era4j.nn.ActivationFactory.EraSharing;
import org.era4j.optim.Adam;
import org.era4j.optim.L2Regularization;
import org.junit.jupiter.api.Test;

/** The FCN and CNN builders: parameter counts, whole-network gradchecks with ERA, training. */
class ModelsTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    private static final int[] CIFAR = {3, 32, 32};

    static Tensor input(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t;
    }

    static int[] labels(long seed, int count, int classes) {
        return new SplittableRandom(seed).ints(count, 0, classes).toArray();
    }

    @Test
    void fcnParameterCountMatchesPaper() {
        Sequential fcn = Models.fcn(CIFAR, 10, NormKind.NONE, LearnableAxes.PER_CHANNEL, ActivationFactory.relu(), 1);
        long dense = (3072L * 512 + 512) + (512 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10);
        assertEquals(1_738_890L, dense);
        assertEquals(dense, fcn.parameterCount());
        System.out.print(fcn.summary());
        Sequential withEra = Models.fcn(CIFAR, 10, NormKind.LAYER, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.LAYER, 1, TestEra.smoothSet()), 1);
        // + per-feature gamma/beta + one 10-parameter ERA per hidden layer
        assertEquals(dense + 2L * (512 + 256 + 128) + 3 * 10, withEra.parameterCount());
        assertEquals(1.74e6, withEra.parameterCount(), 0.005e6);
    }

    @Test
    void cnnParameterCountMatchesPaper() {
        Sequential cnn = Models.cnn(CIFAR, 10, NormKind.NONE, LearnableAxes.PER_CHANNEL, ActivationFactory.relu(), 1);
        long expected = (3 * 64 * 9 + 64) + (64 * 64 * 9 + 64) + (64L * 16 * 16 * 128 + 128) + (128 * 10 + 10);
        assertEquals(2_137_290L, expected);
        assertEquals(expected, cnn.parameterCount());
        System.out.print(cnn.summary());
        Sequential withEra = Models.cnn(CIFAR, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet()), 1);
        long norms = 2L * (64 + 64 + 128);
        long eras = 10L * (64 + 64 + 128);
        assertEquals(expected + norms + eras, withEra.parameterCount());
        assertEquals(2.14e6, withEra.parameterCount(), 0.01e6);
    }

    @Test
    void sameSeedSameWeights() {
        Sequential a = Models.cnn(new int[] {1, 6, 6}, 3, NormKind.BATCH, LearnableAxes.SCALAR, ActivationFactory.swish(), 42);
        Sequential b = Models.cnn(new int[] {1, 6, 6}, 3, NormKind.BATCH, LearnableAxes.SCALAR, ActivationFactory.swish(), 42);
        assertEquals(a.namedParameters().keySet(), b.namedParameters().keySet());
        a.namedParameters().forEach((name, t) -> assertArrayEquals(t.data(), b.namedParameters().get(name).data(), name));
    }

    @Test
    void fcnGradcheckWithEra() {
        for (EraSharing sharing : EraSharing.values()) {
            Sequential fcn = Models.fcn(new int[] {2, 3}, 3, new int[] {8, 6, 4}, NormKind.LAYER,
                    LearnableAxes.PER_CHANNEL, ActivationFactory.era(TestEra.SPEC, sharing, 2, TestEra.smoothSet()), 7);
            Tensor x = input(1, 4, 2, 3).requiresGrad(true);
            int[] y = labels(2, 4, 3);
            java.util.List<Tensor> wrt = new java.util.ArrayList<>(fcn.parameters());
            wrt.add(x);
            GradCheck.Result r = GradCheck.checkLoss(() -> CrossEntropy.apply(fcn.forward(CONTEXT, x), y), wrt,
                    GradCheck.Options.defaults().withStep(1e-3));
            assertTrue(r.passed(), sharing + ": " + r);
        }
    }

    @Test
    void fullSizeFcnGradcheckSampled() {
        Sequential fcn = Models.fcn(new int[] {1, 4, 4}, 10, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.LAYER, 1, TestEra.smoothSet()), 3);
        Tensor x = input(3, 3, 1, 4, 4);
        int[] y = labels(4, 3, 10);
        GradCheck.Result r = GradCheck.checkLoss(() -> CrossEntropy.apply(fcn.forward(CONTEXT, x), y), fcn.parameters(),
                GradCheck.Options.defaults().withStep(1e-3).sampling(12));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void cnnGradcheckWithEra() {
        for (NormKind norm : new NormKind[] {NormKind.INSTANCE, NormKind.BATCH}) {
            Sequential cnn = Models.cnn(new int[] {2, 4, 4}, 3, norm, LearnableAxes.PER_CHANNEL,
                    ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet()), 5);
            Tensor x = input(5, 2, 2, 4, 4).requiresGrad(true);
            int[] y = labels(6, 2, 3);
            java.util.List<Tensor> wrt = new java.util.ArrayList<>(cnn.parameters());
            wrt.add(x);
            GradCheck.Result r = GradCheck.checkLoss(() -> CrossEntropy.apply(cnn.forward(CONTEXT, x), y), wrt,
                    GradCheck.Options.defaults().withStep(1e-3).sampling(10));
            assertTrue(r.passed(), norm + ": " + r);
        }
    }

    @Test
    void fcnTrainsToNearZeroLossOnRandomData() {
        Sequential fcn = Models.fcn(new int[] {20}, 10, new int[] {64, 32, 16}, NormKind.LAYER,
                LearnableAxes.PER_CHANNEL, ActivationFactory.era(TestEra.SPEC, EraSharing.LAYER, 1, TestEra.smoothSet()), 11);
        float[] x = input(7, 32, 20).data();
        int[] y = labels(8, 32, 10);
        ClassifierStep step = new ClassifierStep(CONTEXT, fcn, Adam.of(fcn.parameters(), 1e-2), new L2Regularization(0),
                ClassifierStep.Clipping.GLOBAL_NORM, 10);
        float first = step.train(x, new int[] {32, 20}, y);
        float loss = first;
        for (int i = 0; i < 300; i++) {
            loss = step.train(x, new int[] {32, 20}, y);
        }
        assertTrue(first > 1.5f, "initial loss " + first);
        assertTrue(loss < 0.02f, "loss after 300 steps " + loss);
        float[] logits = new float[32 * 10];
        float eval = step.evaluate(x, new int[] {32, 20}, y, logits);
        assertTrue(eval < 0.05f, "evaluation loss " + eval);
        for (int i = 0; i < 32; i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (logits[i * 10 + k] > logits[i * 10 + best]) {
                    best = k;
                }
            }
            assertEquals(y[i], best, "sample " + i + " memorised");
        }
    }

    @Test
    void trainingIsDeterministicForAFixedSeed() {
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential cnn = Models.cnn(new int[] {1, 6, 6}, 3, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                    ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet()), 9);
            ClassifierStep step = new ClassifierStep(CONTEXT, cnn, new org.era4j.optim.Sgd(cnn.parameters(), 0.05, 0.9, true),
                    new L2Regularization(1e-3), ClassifierStep.Clipping.GLOBAL_NORM, 5);
            for (int i = 0; i < 3; i++) {
                step.train(input(20 + i, 4, 1, 6, 6).data(), new int[] {4, 1, 6, 6}, labels(30 + i, 4, 3));
            }
            weights[run] = cnn.namedParameters().get("conv1.weight").data().clone();
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    @Test
    void steadyStepsAllocateNoNewPooledArrays() {
        Sequential cnn = Models.cnn(new int[] {1, 6, 6}, 4, NormKind.BATCH, LearnableAxes.PER_CHANNEL,
                ActivationFactory.era(TestEra.SPEC, EraSharing.CHANNEL, 1, TestEra.smoothSet()), 2);
        ClassifierStep step = new ClassifierStep(CONTEXT, cnn, Adam.of(cnn.parameters(), 1e-3), new L2Regularization(1e-3),
                ClassifierStep.Clipping.VALUE, 1);
        float[] x = input(9, 4, 1, 6, 6).data();
        int[] y = labels(10, 4, 4);
        step.train(x, new int[] {4, 1, 6, 6}, y);
        long after = step.pooledAllocations();
        assertTrue(after > 0);
        for (int i = 0; i < 3; i++) {
            step.train(x, new int[] {4, 1, 6, 6}, y);
        }
        assertEquals(after, step.pooledAllocations());
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Models.fcn(new int[] {0}, 10, NormKind.NONE,
                LearnableAxes.SCALAR, ActivationFactory.relu(), 1));
        assertThrows(IllegalArgumentException.class, () -> Models.cnn(CIFAR, 1, NormKind.NONE,
                LearnableAxes.SCALAR, ActivationFactory.relu(), 1));
    }
}
