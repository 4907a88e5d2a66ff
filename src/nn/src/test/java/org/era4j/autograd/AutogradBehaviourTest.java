package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Graph mechanics (no-grad, accumulation, reuse), composite ops, edge inputs and bad arguments. */
class AutogradBehaviourTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    @Test
    void noGradModeRecordsNothing() {
        Tensor w = PrimitiveGradCheckTest.random(1, 3, 2);
        try (GradMode.Scope s = GradMode.disabled()) {
            Tensor y = Relu.apply(Mul.apply(w, w));
            assertFalse(y.requiresGrad());
            assertFalse(GradMode.isEnabled());
            assertThrows(IllegalArgumentException.class, () -> Sum.all(y).backward());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void leafGradientsAccumulateUntilZeroed() {
        Tensor w = Tensor.parameter("w", ParameterRole.WEIGHT, new float[] {1f, 2f}, 2);
        Sum.all(Mul.apply(w, w)).backward();
        Sum.all(Mul.apply(w, w)).backward();
        assertArrayEquals(new float[] {4f, 8f}, w.grad());
        w.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, w.grad());
    }

    @Test
    void sharedSubexpressionGetsBothGradients() {
        Tensor x = Tensor.parameter("x", ParameterRole.WEIGHT, new float[] {3f}, 1);
        Tensor y = Mul.apply(x, x);
        Sum.all(Add.apply(y, Mul.apply(y, x))).backward();
        // d/dx (x^2 + x^3) = 2x + 3x^2
        assertEquals(2 * 3 + 3 * 9, x.grad()[0], 1e-5f);
    }

    @Test
    void attentionAndHeadsGradcheck() {
        PrimitiveGradCheckTest.check(in -> Attention.scaledDotProduct(CONTEXT.gemm(), in[0], in[1], in[2]),
                PrimitiveGradCheckTest.random(1, 2, 3, 4), PrimitiveGradCheckTest.random(2, 2, 5, 4),
                PrimitiveGradCheckTest.random(3, 2, 5, 3));
        PrimitiveGradCheckTest.check(in -> Attention.mergeHeads(Attention.splitHeads(in[0], 2), 2),
                PrimitiveGradCheckTest.random(4, 2, 3, 6));
        Tensor x = PrimitiveGradCheckTest.random(5, 1, 2, 4);
        assertArrayEquals(x.data(), Attention.mergeHeads(Attention.splitHeads(x, 2), 2).data());
    }

    @Test
    void stableForExtremeInputs() {
        Tensor logits = Tensor.of(new float[] {1e30f, -1e30f, 0f, 88f, 89f, -200f}, 2, 3);
        float loss = CrossEntropy.apply(logits, new int[] {0, 1}).item();
        assertTrue(Float.isFinite(loss), "loss " + loss);
        // row 0 is certain (loss 0); row 1 loses log(1 + e^-1 + e^-289); the mean of the two
        assertEquals(0.5 * Math.log(1 + Math.exp(-1) + Math.exp(-289)), loss, 1e-6);
        float[] p = Softmax.apply(Tensor.of(new float[] {1e30f, 0f, -1e30f}, 1, 3)).data();
        assertArrayEquals(new float[] {1f, 0f, 0f}, p);
        float[] s = Pointwise.apply(Tensor.of(new float[] {-1000f, 1000f, 0f, -0f}, 4), Pointwise.Function.SIGMOID).data();
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 0.5f}, s);
        float[] g = Pointwise.apply(Tensor.of(new float[] {-40f, 40f, Float.MIN_VALUE}, 3), Pointwise.Function.GELU_EXACT).data();
        assertEquals(0f, g[0], 1e-30f);
        assertEquals(40f, g[1]);
        assertEquals(Float.MIN_VALUE / 2, g[2], Float.MIN_VALUE);
    }

    @Test
    void nanPropagatesThroughActivations() {
        Tensor x = Tensor.of(new float[] {Float.NaN, -0f, Float.NEGATIVE_INFINITY}, 3);
        float[] relu = Relu.apply(x).data();
        assertTrue(Float.isNaN(relu[0]));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(relu[1]));
        assertEquals(0f, relu[2]);
        assertTrue(Float.isNaN(Pointwise.apply(null, x, Pointwise.Function.LEAKY_RELU, 0.1f).data()[0]));
        assertTrue(Float.isNaN(Pointwise.apply(x, Pointwise.Function.SWISH).data()[0]));
        assertTrue(Float.isNaN(Pointwise.apply(x, Pointwise.Function.TANH).data()[0]));
    }

    @Test
    void badArgumentsAreRejectedWithMessages() {
        Tensor a = Tensor.zeros(2, 3);
        assertMessage("broadcast", () -> Add.apply(a, Tensor.zeros(4)));
        assertMessage("inner dimensions", () -> MatMul.apply(CONTEXT.gemm(), a, Tensor.zeros(2, 3)));
        assertMessage("label", () -> CrossEntropy.apply(a, new int[] {0, 3}));
        assertMessage("labels", () -> CrossEntropy.apply(a, new int[] {0}));
        assertMessage("elements", () -> Reshape.apply(a, 4, 2));
        assertMessage("permutation", () -> Permute.apply(a, 0, 0));
        assertMessage("NCHW", () -> Conv2d.apply(CONTEXT.gemm(), a, Tensor.zeros(1, 1, 1, 1), null, 1, Padding.SAME));
        assertMessage("channels", () -> Conv2d.apply(CONTEXT.gemm(), Tensor.zeros(1, 2, 3, 3), Tensor.zeros(1, 3, 1, 1), null, 1, Padding.SAME));
        assertMessage("does not fit", () -> MaxPool2d.apply(Tensor.zeros(1, 1, 2, 2), 3, 1, Padding.VALID));
        assertMessage("dropout", () -> Dropout.apply(a, 1f, new java.util.SplittableRandom(1)));
        assertMessage("view", () -> Standardize.apply(a, 1, 4, 2, 1e-3f, null, null));
        assertMessage("shape", () -> Tensor.of(new float[5], 2, 3));
        assertMessage("division by zero", () -> Div.apply(a, Tensor.of(new float[] {1f, -0f, 2f}, 3)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Property(tries = 25, seed = "7")
    void broadcastGradientEqualsDifferenceQuotient(@ForAll @IntRange(min = 1, max = 3) int d0,
                                                   @ForAll @IntRange(min = 1, max = 4) int d1,
                                                   @ForAll @IntRange(min = 1, max = 3) int d2,
                                                   @ForAll boolean stretch0, @ForAll boolean stretch2,
                                                   @ForAll @IntRange(min = 0, max = 1000) int seed) {
        Tensor a = PrimitiveGradCheckTest.random(seed, d0, d1, d2);
        Tensor b = PrimitiveGradCheckTest.random(seed + 1, stretch0 ? 1 : d0, d1, stretch2 ? 1 : d2);
        PrimitiveGradCheckTest.check(in -> Mul.apply(Sub.apply(in[0], in[1]), in[1]), a, b);
        // forward values from the definition: b's index is a's with stretched dimensions pinned to 0
        Tensor product = Mul.apply(a, b);
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                for (int k = 0; k < d2; k++) {
                    int ib = ((stretch0 ? 0 : i) * d1 + j) * (stretch2 ? 1 : d2) + (stretch2 ? 0 : k);
                    int ia = (i * d1 + j) * d2 + k;
                    assertEquals(a.data()[ia] * b.data()[ib], product.data()[ia], 0f, "at " + i + "," + j + "," + k);
                }
            }
        }
    }

    @Test
    void broadcastOverMergedDimensions() {
        Tensor x = PrimitiveGradCheckTest.random(11, 2, 3, 2, 4);
        Tensor g = PrimitiveGradCheckTest.random(12, 3, 1, 1);
        Tensor y = Add.apply(x, g);
        for (int i = 0; i < x.size(); i++) {
            int channel = (i / 8) % 3;
            assertEquals(x.data()[i] + g.data()[channel], y.data()[i], 0f, "element " + i);
        }
        PrimitiveGradCheckTest.check(in -> Mul.apply(in[0], in[1]), x, g);
        Tensor row = PrimitiveGradCheckTest.random(13, 1, 3, 1, 4);
        PrimitiveGradCheckTest.check(in -> Div.apply(in[0], in[1]), x, PrimitiveGradCheckTest.awayFromZero(14, 0.5f, 1, 3, 1, 4));
        Tensor z = Sub.apply(x, row);
        for (int i = 0; i < x.size(); i++) {
            int c = (i / 8) % 3;
            int w = i % 4;
            assertEquals(x.data()[i] - row.data()[c * 4 + w], z.data()[i], 0f, "element " + i);
        }
    }
}
