package org.era4j.autograd;

import static org.era4j.autograd.PrimitiveGradCheckTest.awayFromZero;
import static org.era4j.autograd.PrimitiveGradCheckTest.check;
import static org.era4j.autograd.PrimitiveGradCheckTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The depthwise convolution (MobileNet) and ReLU6: central differences and a reference through Conv2d. */
class DepthwiseConv2dGradCheckTest {

    @Test
    void gradientsMatchCentralDifferences() {
        check(in -> DepthwiseConv2d.apply(in[0], in[1], in[2], 1, Padding.SAME), random(70, 2, 3, 5, 4),
                random(71, 3, 1, 3, 3), random(72, 3));
        check(in -> DepthwiseConv2d.apply(in[0], in[1], null, 2, Padding.SAME), random(73, 1, 2, 7, 6), random(74, 2, 1, 3, 3));
        check(in -> DepthwiseConv2d.apply(in[0], in[1], in[2], 2, Padding.VALID), random(75, 2, 2, 6, 7),
                random(76, 2, 1, 2, 3), random(77, 2));
        check(in -> DepthwiseConv2d.apply(in[0], in[1], null, 1, Padding.VALID), random(78, 1, 4, 4, 4), random(79, 4, 1, 1, 1));
    }

    @Test
    void equalsAFullConvolutionWithADiagonalWeight() {
        int c = 3;
        Tensor x = random(80, 2, c, 6, 5).requiresGrad(false);
        Tensor w = random(81, c, 1, 3, 3).requiresGrad(false);
        Tensor b = random(82, c).requiresGrad(false);
        Tensor full = Tensor.zeros(c, c, 3, 3);
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(w.data(), ch * 9, full.data(), (ch * c + ch) * 9, 9);
        }
        for (int stride : new int[] {1, 2}) {
            for (Padding padding : Padding.values()) {
                Tensor expected = Conv2d.apply(PrimitiveGradCheckTest.CONTEXT.gemm(), x, full, b, stride, padding);
                Tensor actual = DepthwiseConv2d.apply(x, w, b, stride, padding);
                assertArrayEquals(expected.shape(), actual.shape());
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.data()[i], actual.data()[i], 1e-5, "stride " + stride + " " + padding + " at " + i);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2d.apply(x, random(83, 2, 1, 3, 3), null, 1, Padding.SAME));
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2d.apply(x, random(84, 3, 2, 3, 3), null, 1, Padding.SAME));
    }

    /** Planes and channels on two workers give the calling thread's y, dx, dW and db bitwise. */
    @Test
    void workersGiveTheCallingThreadsResultBitwise() {
        try (org.era4j.kernel.Gemm gemm = new org.era4j.kernel.Gemm(2)) {
            for (int stride : new int[] {1, 2}) {
                Tensor[] serial = {random(90, 5, 7, 9, 11), random(91, 7, 1, 3, 3), random(92, 7)};
                Tensor[] parallel = new Tensor[3];
                for (int i = 0; i < 3; i++) {
                    parallel[i] = Tensor.of(serial[i].data().clone(), serial[i].shape()).requiresGrad(true);
                }
                Tensor r = random(93, 5, 7, stride == 1 ? 9 : 5, stride == 1 ? 11 : 6).requiresGrad(false);
                Tensor ys = DepthwiseConv2d.apply(null, serial[0], serial[1], serial[2], stride, Padding.SAME);
                Tensor yp = DepthwiseConv2d.apply(gemm, parallel[0], parallel[1], parallel[2], stride, Padding.SAME);
                Sum.all(Mul.apply(ys, r)).backward();
                Sum.all(Mul.apply(yp, r)).backward();
                assertArrayEquals(ys.data(), yp.data(), "y, stride " + stride);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(serial[i].grad(), parallel[i].grad(), "gradient " + i + ", stride " + stride);
                }
            }
        }
    }

    @Test
    void relu6() {
        // values kept away from the kinks at 0 and 6
        Tensor x = awayFromZero(85, 0.2f, 3, 4);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] *= 4; // some above 6
            if (Math.abs(x.data()[i] - 6) < 0.2f) {
                x.data()[i] = 5;
            }
        }
        check(in -> Pointwise.apply(in[0], Pointwise.Function.RELU6), x);
        Tensor y = Pointwise.apply(Tensor.of(new float[] {-1f, 0f, 3f, 6f, 9f, Float.NaN}, 6), Pointwise.Function.RELU6);
        assertArrayEquals(new float[] {0f, 0f, 3f, 6f, 6f, Float.NaN}, y.data());
    }
}
