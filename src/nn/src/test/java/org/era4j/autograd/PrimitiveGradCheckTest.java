package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Float64 central differences against every primitive's analytic backward, on tiny shapes. */
class PrimitiveGradCheckTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    static Tensor random(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t.requiresGrad(true);
    }

    /** Values at least {@code margin} away from 0, so kinks (ReLU) are not straddled by the step. */
    static Tensor awayFromZero(long seed, float margin, int... shape) {
        Tensor t = random(seed, shape);
        for (int i = 0; i < t.size(); i++) {
            float v = t.data()[i];
            t.data()[i] = Math.copySign(margin + Math.abs(v), v);
        }
        return t;
    }

    static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(GradCheck.Options.defaults(), f, inputs);
    }

    static void check(GradCheck.Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result result = GradCheck.checkFunction(f, options, inputs);
        assertTrue(result.passed(), result.toString());
        assertTrue(result.checked() > 0, "nothing was checked");
    }

    @Test
    void broadcastArithmetic() {
        check(in -> Add.apply(in[0], in[1]), random(1, 2, 3, 4), random(2, 3, 1));
        check(in -> Sub.apply(in[0], in[1]), random(3, 1, 4), random(4, 3, 1));
        check(in -> Mul.apply(in[0], in[1]), random(5, 2, 3, 2, 2), random(6, 1, 3, 1, 1));
        Tensor denominator = awayFromZero(8, 0.5f, 4);
        check(in -> Div.apply(in[0], in[1]), random(7, 3, 4), denominator);
        check(in -> Mul.apply(in[0], in[1]), random(9, 5), random(10));
    }

    @Test
    void matmulAndLinear() {
        check(in -> MatMul.apply(CONTEXT.gemm(), in[0], in[1]), random(11, 3, 5), random(12, 5, 4));
        check(in -> MatMul.apply(CONTEXT.gemm(), in[0], in[1]), random(13, 2, 3, 5), random(14, 2, 5, 2));
        check(in -> MatMul.apply(CONTEXT.gemm(), in[0], in[1]), random(15, 2, 3, 5), random(16, 5, 2));
        check(in -> Linear.apply(CONTEXT.gemm(), in[0], in[1], in[2]), random(17, 4, 7), random(18, 3, 7), random(19, 3));
        check(in -> Linear.apply(CONTEXT.gemm(), in[0], in[1], null), random(20, 2, 2, 7), random(21, 5, 7));
    }

    @Test
    void shapes() {
        check(in -> Reshape.apply(in[0], 3, -1), random(22, 2, 3, 2));
        check(in -> Permute.apply(in[0], 2, 0, 1), random(23, 2, 3, 4));
        check(in -> Permute.transpose(in[0], 0, -1), random(24, 3, 2, 5));
        check(in -> Sum.all(in[0]), random(25, 3, 4));
        check(in -> Mean.all(in[0]), random(26, 3, 4));
        check(in -> Sum.axis(in[0], 1, false), random(27, 2, 3, 4));
        check(in -> Sum.axis(in[0], -1, true), random(28, 2, 3, 4));
    }

    @Test
    void pointwiseActivations() {
        check(in -> Relu.apply(in[0]), awayFromZero(30, 0.05f, 3, 7));
        check(in -> Pointwise.apply(null, in[0], Pointwise.Function.LEAKY_RELU, 0.1f), awayFromZero(31, 0.05f, 3, 7));
        Function<Tensor, Tensor> scaled = t -> Mul.apply(t, Tensor.scalar(3f));
        check(in -> Pointwise.apply(scaled.apply(in[0]), Pointwise.Function.SWISH), random(32, 3, 7));
        check(in -> Pointwise.apply(scaled.apply(in[0]), Pointwise.Function.GELU_TANH), random(33, 3, 7));
        check(in -> Pointwise.apply(scaled.apply(in[0]), Pointwise.Function.GELU_EXACT), random(34, 3, 7));
        check(in -> Pointwise.apply(scaled.apply(in[0]), Pointwise.Function.TANH), random(35, 3, 7));
        check(in -> Pointwise.apply(scaled.apply(in[0]), Pointwise.Function.SIGMOID), random(36, 3, 7));
    }

    @Test
    void softmaxAndCrossEntropy() {
        check(in -> Softmax.apply(in[0]), random(40, 3, 5));
        int[] labels = {0, 4, 2};
        check(in -> CrossEntropy.apply(in[0], labels), random(41, 3, 5));
    }

    @Test
    void convolution() {
        check(in -> Conv2d.apply(CONTEXT.gemm(), in[0], in[1], in[2], 1, Padding.SAME), random(50, 2, 2, 5, 4),
                random(51, 3, 2, 3, 3), random(52, 3));
        check(in -> Conv2d.apply(CONTEXT.gemm(), in[0], in[1], null, 2, Padding.VALID), random(53, 1, 2, 7, 6),
                random(54, 2, 2, 3, 2));
        check(in -> Conv2d.apply(CONTEXT.gemm(), in[0], in[1], in[2], 2, Padding.SAME), random(55, 2, 1, 5, 5),
                random(56, 2, 1, 4, 4), random(57, 2));
    }

    @Test
    void pooling() {
        // distinct values a step apart, so no window has a near tie the central difference could flip
        Tensor x = random(60, 2, 2, 5, 4);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) ((i * 7919 % x.size()) * 0.1 - 2);
        }
        check(in -> MaxPool2d.apply(in[0], 2, 2, Padding.VALID), x);
        check(in -> MaxPool2d.apply(in[0], 3, 2, Padding.SAME), x);
        check(in -> AvgPool2d.apply(in[0], 2, 2, Padding.SAME), random(62, 2, 2, 5, 5));
        check(in -> AvgPool2d.apply(in[0], 3, 1, Padding.VALID), random(63, 1, 2, 4, 5));
    }

    @Test
    void standardize() {
        check(in -> Standardize.apply(in[0], 1, 3, 5, 1e-5f, null, null), random(70, 3, 5));
        check(in -> Standardize.apply(in[0], 2, 3, 4, 1e-5f, null, null), random(71, 2, 3, 2, 2));
        float[] mean = {0.1f, -0.2f, 0.3f};
        float[] variance = {0.5f, 1.5f, 2f};
        check(in -> Standardize.fixed(in[0], 2, 3, 4, 1e-5f, mean, variance), random(72, 2, 3, 4));
    }

    @Test
    void dropoutUsesOneMaskForForwardAndBackward() {
        check(in -> Dropout.apply(in[0], 0.3f, new SplittableRandom(5)), random(80, 4, 6));
    }
}
