package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.era4j.kernel.Gemm;
import org.junit.jupiter.api.Test;

/** The one pointwise primitive: chunked on workers it is bitwise the calling thread's result, for every function. */
class PointwiseTest {

    @Test
    void workersGiveTheCallingThreadsResultBitwise() {
        int n = 3 * Relu.CHUNK + 17;
        try (Gemm gemm = new Gemm(2)) {
            for (Pointwise.Function function : Pointwise.Function.values()) {
                Tensor serialX = PrimitiveGradCheckTest.random(7, n);
                Tensor parallelX = Tensor.of(serialX.data().clone(), n).requiresGrad(true);
                Tensor r = PrimitiveGradCheckTest.random(8, n).requiresGrad(false);
                Tensor serialY = Pointwise.apply(null, serialX, function, 0.1f);
                Tensor parallelY = Pointwise.apply(gemm, parallelX, function, 0.1f);
                Sum.all(Mul.apply(serialY, r)).backward();
                Sum.all(Mul.apply(parallelY, r)).backward();
                assertArrayEquals(serialY.data(), parallelY.data(), function + " forward");
                assertArrayEquals(serialX.grad(), parallelX.grad(), function + " backward");
            }
        }
    }

    @Test
    void leakyReluWithoutItsSlopeIsRejected() {
        Tensor x = Tensor.of(new float[] {1f}, 1);
        assertThrows(IllegalArgumentException.class, () -> Pointwise.apply(x, Pointwise.Function.LEAKY_RELU));
        assertThrows(IllegalArgumentException.class, () -> Pointwise.apply(null, x, Pointwise.Function.LEAKY_RELU, Float.NaN));
    }
}
