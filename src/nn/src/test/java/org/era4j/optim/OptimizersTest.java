package org.era4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Optimiser updates against hand-computed float64 values; L2 skips rational parameters; clipping; schedules. */
class OptimizersTest {

    private static Tensor param(ParameterRole role, float[] w, float[] g) {
        Tensor t = Tensor.parameter("p", role, w.clone(), w.length);
        t.zeroGrad();
        // a backward pass allocates the gradient; emulate it through a tiny graph-free route
        org.era4j.autograd.Sum.all(org.era4j.autograd.Mul.apply(t, Tensor.of(g.clone(), g.length))).backward();
        return t;
    }

    @Test
    void sgdMomentumAndNesterov() {
        float[] w = {1f, -2f};
        float[] g = {0.5f, 0.25f};
        Tensor plain = param(ParameterRole.WEIGHT, w, g);
        Sgd sgd = new Sgd(List.of(plain), 0.1, 0.9, false);
        sgd.step();
        sgd.step();
        // v1 = g, w1 = w - 0.1 g; v2 = 0.9 g + g = 1.9 g, w2 = w1 - 0.19 g
        assertEquals(1 - 0.1 * 0.5 - 0.19 * 0.5, plain.data()[0], 1e-6);
        Tensor nesterov = param(ParameterRole.WEIGHT, w, g);
        Sgd nag = new Sgd(List.of(nesterov), 0.1, 0.9, true);
        nag.step();
        // v1 = g, w1 = w - 0.1 (g + 0.9 g)
        assertEquals(-2 - 0.1 * 1.9 * 0.25, nesterov.data()[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(plain), 0.1, 1.0, false));
    }

    @Test
    void adamFirstStepMovesByLearningRate() {
        Tensor t = param(ParameterRole.WEIGHT, new float[] {1f, 1f}, new float[] {3f, -0.01f});
        Adam adam = new Adam(List.of(t), 0.01, 0.9, 0.999, 1e-12, 0);
        adam.step();
        // bias-corrected m/sqrt(v) = sign(g) on the first step
        assertEquals(1 - 0.01, t.data()[0], 1e-6);
        assertEquals(1 + 0.01, t.data()[1], 1e-6);
    }

    @Test
    void adamWDecaysOnlyNonRationalParameters() {
        Tensor weight = param(ParameterRole.WEIGHT, new float[] {2f}, new float[] {0f});
        Tensor era = param(ParameterRole.RATIONAL, new float[] {2f}, new float[] {0f});
        Adam adamW = new Adam(List.of(weight, era), 0.1, 0.9, 0.999, 1e-8, 0.5);
        adamW.step();
        assertEquals(2 - 0.1 * 0.5 * 2, weight.data()[0], 1e-6);
        assertEquals(2f, era.data()[0]);
    }

    @Test
    void l2SkipsRationalParameters() {
        Tensor weight = param(ParameterRole.WEIGHT, new float[] {1f, -3f}, new float[] {0f, 0f});
        Tensor norm = param(ParameterRole.NORM, new float[] {2f}, new float[] {1f});
        Tensor era = param(ParameterRole.RATIONAL, new float[] {5f}, new float[] {0f});
        L2Regularization l2 = new L2Regularization(0.001);
        l2.addGradient(List.of(weight, norm, era));
        assertArrayEquals(new float[] {0.002f, -0.006f}, weight.grad(), 1e-9f);
        assertEquals(1 + 0.004f, norm.grad()[0], 1e-7);
        assertEquals(0f, era.grad()[0]);
        assertEquals(0.001 * (1 + 9 + 4), l2.penalty(List.of(weight, norm, era)), 1e-12);
    }

    @Test
    void clipping() {
        Tensor a = param(ParameterRole.WEIGHT, new float[] {0f, 0f}, new float[] {3f, 0f});
        Tensor b = param(ParameterRole.BIAS, new float[] {0f}, new float[] {4f});
        double norm = GradientClipping.byGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-12);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grad(), 1e-7f);
        assertEquals(0.8f, b.grad()[0], 1e-7f);
        assertEquals(1.0, GradientClipping.byGlobalNorm(List.of(a, b), 2.0), 1e-6);
        assertEquals(0.8f, b.grad()[0], 1e-7f);
        Tensor c = param(ParameterRole.WEIGHT, new float[] {0f, 0f, 0f}, new float[] {-2f, 0.5f, 7f});
        GradientClipping.byValue(List.of(c), 1f);
        assertArrayEquals(new float[] {-1f, 0.5f, 1f}, c.grad());
        Tensor bad = param(ParameterRole.WEIGHT, new float[] {0f}, new float[] {Float.NaN});
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(List.of(bad), 1));
    }

    @Test
    void schedules() {
        LearningRateSchedule step = LearningRateSchedule.stepDecay(0.01, 0.1, 75, 25, 50);
        assertEquals(0.01, step.rate(0, 0), 1e-15);
        assertEquals(0.01, step.rate(24, 0), 1e-15);
        assertEquals(0.001, step.rate(25, 0), 1e-15);
        assertEquals(1e-5, step.rate(99, 0), 1e-17);
        LearningRateSchedule exp = LearningRateSchedule.exponentialDecay(1e-4, 0.99, 4000);
        assertEquals(1e-4, exp.rate(0, 3999), 1e-18);
        assertEquals(0.99e-4, exp.rate(0, 4000), 1e-18);
        assertEquals(1e-4 * 0.99 * 0.99, exp.rate(3, 8001), 1e-18);
        LearningRateSchedule cos = LearningRateSchedule.cosine(1.0, 0.0, 100);
        assertEquals(1.0, cos.rate(0, 0), 1e-15);
        assertEquals(0.5, cos.rate(0, 50), 1e-12);
        assertEquals(0.0, cos.rate(0, 100), 1e-15);
        assertEquals(0.0, cos.rate(0, 1000), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponentialDecay(1, 0.9, 0));
    }
}
