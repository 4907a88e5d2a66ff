package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.era4j.autograd.GradCheck;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Mul;
import org.era4j.autograd.Sum;
import org.era4j.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Layer, instance and batch norm modules: gradchecks for both learnable-axes choices, statistics, modes. */
class NormalizationTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    private static void gradcheck(Module norm, Tensor x) {
        Tensor weights = ModelsTest.input(99, x.shape());
        List<Tensor> wrt = new ArrayList<>(norm.parameters());
        wrt.add(x.requiresGrad(true));
        // perturb gamma/beta away from 1/0 so the check sees a general affine map
        for (Tensor p : norm.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] += 0.1f * (i + 1);
            }
        }
        GradCheck.Result r = GradCheck.checkLoss(() -> Sum.all(Mul.apply(norm.forward(CONTEXT, x), weights)), wrt,
                GradCheck.Options.defaults().withStep(1e-3));
        assertTrue(r.passed(), norm.getClass().getSimpleName() + ": " + r);
    }

    @Test
    void gradchecks() {
        for (LearnableAxes axes : LearnableAxes.values()) {
            gradcheck(new LayerNorm(5, false, axes, 1e-3f), ModelsTest.input(1, 3, 5));
            gradcheck(new LayerNorm(3, false, axes, 1e-3f), ModelsTest.input(2, 2, 4, 3));
            gradcheck(new LayerNorm(2, true, axes, 1e-3f), ModelsTest.input(3, 2, 2, 3, 3));
            gradcheck(new InstanceNorm(3, axes, 1e-3f), ModelsTest.input(4, 2, 3, 2, 3));
            gradcheck(new BatchNorm(4, false, axes, 1e-3f, 0.9f), ModelsTest.input(5, 5, 4));
            gradcheck(new BatchNorm(2, true, axes, 1e-3f, 0.9f), ModelsTest.input(6, 3, 2, 2, 2));
            BatchNorm eval = new BatchNorm(2, true, axes, 1e-3f, 0.9f);
            eval.eval();
            gradcheck(eval, ModelsTest.input(7, 3, 2, 2, 2));
        }
    }

    @Test
    void parameterShapesFollowLearnableAxes() {
        assertEquals(2, new LayerNorm(7, false, LearnableAxes.SCALAR, 1e-3f).parameterCount());
        assertEquals(14, new LayerNorm(7, false, LearnableAxes.PER_CHANNEL, 1e-3f).parameterCount());
        assertArrayEquals(new int[] {7, 1, 1},
                new InstanceNorm(7, LearnableAxes.PER_CHANNEL, 1e-3f).namedParameters().get("gamma").shape());
    }

    @Test
    void instanceNormStandardisesEachPlane() {
        InstanceNorm norm = new InstanceNorm(2, LearnableAxes.PER_CHANNEL, 1e-5f);
        Tensor x = ModelsTest.input(8, 2, 2, 3, 4);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = x.data()[i] * 5 + 3;
        }
        Tensor y = norm.forward(CONTEXT, x);
        for (int plane = 0; plane < 4; plane++) {
            double sum = 0;
            double squares = 0;
            for (int j = 0; j < 12; j++) {
                double v = y.data()[plane * 12 + j];
                sum += v;
                squares += v * v;
            }
            assertEquals(0, sum / 12, 1e-6);
            assertEquals(1, squares / 12, 1e-3);
        }
    }

    @Test
    void batchNormRunningStatisticsAndEvalMode() {
        BatchNorm bn = new BatchNorm(1, false, LearnableAxes.SCALAR, 1e-3f, 0.5f);
        bn.forward(CONTEXT, Tensor.of(new float[] {1f, 3f}, 2, 1));
        // the first batch sets the running statistics: mean 2, biased variance 1
        assertEquals(2f, bn.namedBuffers().get("running_mean")[0], 1e-6f);
        assertEquals(1f, bn.namedBuffers().get("running_var")[0], 1e-6f);
        bn.forward(CONTEXT, Tensor.of(new float[] {3f, 7f}, 2, 1));
        // later batches are blended: r = 0.5 r + 0.5 batch (mean 5, variance 4)
        assertEquals(3.5f, bn.namedBuffers().get("running_mean")[0], 1e-6f);
        assertEquals(2.5f, bn.namedBuffers().get("running_var")[0], 1e-6f);
        bn.eval();
        try (GradMode.Scope s = GradMode.disabled()) {
            Tensor y = bn.forward(CONTEXT, Tensor.of(new float[] {3.5f}, 1, 1));
            assertEquals(0f, y.data()[0], 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> bn.forward(CONTEXT, Tensor.of(new float[] {1f, 2f}, 1, 2)));
    }

    /**
     * Pre-activations with a variance of 1e-4 (a first convolution on [0, 1] pixels): after one
     * training batch the evaluation-mode output of that batch is its training-mode output, not a
     * blend with the initial variance of 1 (Keras' rule, under which it would be 100x too small).
     */
    @Test
    void batchNormEvaluatesLikeTrainingAfterTheFirstBatch() {
        BatchNorm bn = new BatchNorm(2, true, LearnableAxes.PER_CHANNEL, 1e-6f, BatchNorm.DEFAULT_MOMENTUM);
        Tensor x = ModelsTest.input(7, 8, 2, 3, 3);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 0.3f + 0.01f * x.data()[i];
        }
        float[] training = bn.forward(CONTEXT, x).data().clone();
        bn.eval();
        try (GradMode.Scope s = GradMode.disabled()) {
            float[] evaluation = bn.forward(CONTEXT, x).data();
            for (int i = 0; i < training.length; i++) {
                assertEquals(training[i], evaluation[i], 1e-3f * (1 + Math.abs(training[i])), "at " + i);
            }
        }
        // restored (non-initial) statistics are blended, never re-seeded
        bn.train(true);
        float[] mean = bn.namedBuffers().get("running_mean").clone();
        bn.forward(CONTEXT, ModelsTest.input(8, 8, 2, 3, 3));
        assertTrue(bn.namedBuffers().get("running_mean")[0] != 0f);
        assertEquals(0.99f * mean[0], bn.namedBuffers().get("running_mean")[0], 0.02f);
    }

    /** Population statistics over equal batches are the mean and biased variance of their union. */
    @Test
    void batchNormPopulationStatisticsAreThoseOfTheUnion() {
        BatchNorm bn = new BatchNorm(2, false, LearnableAxes.PER_CHANNEL, 1e-3f, BatchNorm.DEFAULT_MOMENTUM);
        Sequential model = new Sequential().add("bn", bn);
        Tensor[] batches = {ModelsTest.input(11, 4, 2), ModelsTest.input(12, 4, 2), ModelsTest.input(13, 4, 2)};
        for (Tensor b : batches) {
            for (int i = 0; i < b.size(); i += 2) {
                b.data()[i] = 5 + 3 * b.data()[i]; // channel 0 far from (0, 1)
            }
        }
        model.eval();
        int updated = BatchNorm.collectPopulation(model, () -> {
            for (Tensor b : batches) {
                bn.forward(CONTEXT, b);
            }
        });
        assertEquals(1, updated);
        assertTrue(!bn.isTraining(), "modes are restored");
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double squares = 0;
            for (Tensor b : batches) {
                for (int i = c; i < b.size(); i += 2) {
                    sum += b.data()[i];
                    squares += (double) b.data()[i] * b.data()[i];
                }
            }
            double mean = sum / 12;
            double variance = squares / 12 - mean * mean;
            assertEquals(mean, bn.namedBuffers().get("running_mean")[c], 1e-5);
            assertEquals(variance, bn.namedBuffers().get("running_var")[c], 1e-4 * (1 + variance));
        }
        assertEquals(0, BatchNorm.collectPopulation(new Sequential(), () -> { }), "no batch norm: nothing runs");
    }
}
