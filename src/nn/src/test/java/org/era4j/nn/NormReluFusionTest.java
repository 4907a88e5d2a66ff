package org.era4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradCheck;
import org.era4j.autograd.Mul;
import org.era4j.autograd.Sum;
import org.era4j.autograd.Tensor;

/**
 * A {@link Sequential} runs instance norm followed by {@link Activation#relu()} as one fused
 * primitive. Its output and every gradient (input, gamma, beta) must equal the two modules applied
 * one after the other bit for bit, for any shape, learnable axes and thread count, and its
 * gradients must match central differences.
 */
class NormReluFusionTest {

    @Property(tries = 40)
    void fusedEqualsNormThenReluBitForBit(@ForAll @IntRange(min = 1, max = 4) int batch,
                                          @ForAll @IntRange(min = 1, max = 5) int channels,
                                          @ForAll @IntRange(min = 1, max = 9) int height,
                                          @ForAll @IntRange(min = 1, max = 23) int width,
                                          @ForAll boolean perChannel, @ForAll boolean inputGradient,
                                          @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LearnableAxes axes = perChannel ? LearnableAxes.PER_CHANNEL : LearnableAxes.SCALAR;
        float[] x = gaussian(random, batch * channels * height * width);
        float[] weights = gaussian(random, x.length);
        float[] gamma = gaussian(random, perChannel ? channels : 1);
        float[] beta = gaussian(random, gamma.length);
        // a NaN, infinities and exact zeros on the way: fused and unfused must still agree
        if (x.length > 4 && random.nextInt(3) == 0) {
            x[random.nextInt(x.length)] = switch (random.nextInt(4)) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> -0f;
                default -> 0f;
            };
        }
        int[] shape = {batch, channels, height, width};
        try (ExecutionContext context = ExecutionContext.cpu(threads)) {
            Run fused = run(context, new Sequential(norm(axes, channels, gamma, beta), Activation.relu()),
                    x, shape, weights, inputGradient);
            InstanceNorm norm = norm(axes, channels, gamma, beta);
            Activation relu = Activation.relu();
            Run separate = run(context, null, x, shape, weights, inputGradient, norm, relu);
            assertBits(separate.y, fused.y, "output");
            if (inputGradient) {
                assertBits(separate.dx, fused.dx, "input gradient");
            }
            assertBits(separate.dgamma, fused.dgamma, "gamma gradient");
            assertBits(separate.dbeta, fused.dbeta, "beta gradient");
        }
    }

    /** Central differences on the fused pair, away from the ReLU's kink (|y| > 0.02 everywhere). */
    @Property(tries = 15, maxDiscardRatio = 20)
    void fusedGradientsMatchCentralDifferences(@ForAll @IntRange(min = 1, max = 2) int batch,
                                               @ForAll @IntRange(min = 1, max = 3) int channels,
                                               @ForAll @IntRange(min = 2, max = 4) int height,
                                               @ForAll @IntRange(min = 2, max = 4) int width,
                                               @ForAll boolean perChannel, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LearnableAxes axes = perChannel ? LearnableAxes.PER_CHANNEL : LearnableAxes.SCALAR;
        float[] gamma = gaussian(random, perChannel ? channels : 1);
        float[] beta = gaussian(random, gamma.length);
        Tensor x = Tensor.of(gaussian(random, batch * channels * height * width), batch, channels, height, width);
        Tensor weights = Tensor.of(gaussian(random, x.size()), x.shape());
        try (ExecutionContext context = ExecutionContext.cpu(1)) {
            InstanceNorm norm = norm(axes, channels, gamma, beta);
            Sequential pair = new Sequential(norm, Activation.relu());
            float[] normalised = norm.forward(context, x).data();
            for (float v : normalised) {
                Assume.that(Math.abs(v) > 0.02f);
            }
            List<Tensor> wrt = new ArrayList<>(pair.parameters());
            wrt.add(x.requiresGrad(true));
            GradCheck.Result r = GradCheck.checkLoss(() -> Sum.all(Mul.apply(pair.forward(context, x), weights)), wrt,
                    GradCheck.Options.defaults().withStep(1e-3));
            assertTrue(r.passed(), r.toString());
        }
    }

    private record Run(float[] y, float[] dx, float[] dgamma, float[] dbeta) {
    }

    private static Run run(ExecutionContext context, Module model, float[] x, int[] shape, float[] weights,
                           boolean inputGradient, Module... layers) {
        Tensor input = Tensor.of(x.clone(), shape).requiresGrad(inputGradient);
        Tensor y = input;
        Module normModule = model != null ? model.children().get("0") : layers[0];
        if (model != null) {
            y = model.forward(context, input);
        } else {
            for (Module layer : layers) {
                y = layer.forward(context, y);
            }
        }
        float[] out = y.data().clone();
        Sum.all(Mul.apply(y, Tensor.of(weights, shape))).backward();
        Tensor gamma = normModule.namedParameters().get("gamma");
        Tensor beta = normModule.namedParameters().get("beta");
        assertNotNull(gamma.grad(), "gamma gradient");
        return new Run(out, inputGradient ? input.grad().clone() : null, gamma.grad().clone(), beta.grad().clone());
    }

    private static InstanceNorm norm(LearnableAxes axes, int channels, float[] gamma, float[] beta) {
        InstanceNorm norm = new InstanceNorm(channels, axes, 1e-3f);
        System.arraycopy(gamma, 0, norm.namedParameters().get("gamma").data(), 0, gamma.length);
        System.arraycopy(beta, 0, norm.namedParameters().get("beta").data(), 0, beta.length);
        return norm;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
