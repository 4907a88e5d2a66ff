package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The im2col path's three weight-gradient kernels (forced: stride 1 would otherwise take shifted
 * rows, see {@link ConvPathsTest}), each with several weight-gradient groups on two threads, odd
 * widths (GEMM column tails): output, input gradient, weight and bias gradients against direct
 * float64 loops of {@code L = sum(y * r)}.
 */
class ConvParallelTest {

    /** 360 column rows against 6 output channels: the weight gradient is summed as dW^T. */
    @Test
    void wideColumnMatrixMatchesDirectLoops() {
        assertEquals(Conv2d.WeightGradient.TRANSPOSED, Conv2d.WeightGradient.of(6, 360, 30 * 29));
        matchesDirectLoops(5, 40, 30, 29, 6);
    }

    /** 9 column rows over 357 pixels against 24 output channels (a first layer): the lane-chain kernel. */
    @Test
    void narrowLongColumnMatrixMatchesDirectLoops() {
        assertEquals(Conv2d.WeightGradient.LANE_CHAINS, Conv2d.WeightGradient.of(24, 9, 17 * 21));
        matchesDirectLoops(6, 1, 17, 21, 24);
    }

    /** 36 column rows over 35 pixels against 40 output channels (a late, small layer): dW = g col^T. */
    @Test
    void shortColumnMatrixMatchesDirectLoops() {
        assertEquals(Conv2d.WeightGradient.DIRECT, Conv2d.WeightGradient.of(40, 36, 7 * 5));
        matchesDirectLoops(6, 4, 7, 5, 40);
    }

    private static void matchesDirectLoops(int n, int c, int h, int w, int o) {
        Tensor x = PrimitiveGradCheckTest.random(1, n, c, h, w);
        Tensor k = PrimitiveGradCheckTest.random(2, o, c, 3, 3);
        Tensor b = PrimitiveGradCheckTest.random(3, o);
        Tensor r = PrimitiveGradCheckTest.random(4, n, o, h, w).requiresGrad(false);
        assertTrue(n > Conv2d.GROUP, "test must span several weight-gradient groups");
        try (ExecutionContext context = ExecutionContext.cpu(2)) {
            Tensor y = Conv2d.apply(context.gemm(), x, k, b, 1, Padding.SAME, false);
            Sum.all(Mul.apply(y, r)).backward();
            float[] xs = x.data();
            float[] ks = k.data();
            double[] dx = new double[xs.length];
            double[] dk = new double[ks.length];
            double[] db = new double[o];
            for (int s = 0; s < n; s++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int oy = 0; oy < h; oy++) {
                        for (int ox = 0; ox < w; ox++) {
                            int out = ((s * o + oc) * h + oy) * w + ox;
                            double sum = b.data()[oc];
                            double g = r.data()[out];
                            db[oc] += g;
                            for (int ci = 0; ci < c; ci++) {
                                for (int i = 0; i < 3; i++) {
                                    for (int j = 0; j < 3; j++) {
                                        int iy = oy - 1 + i;
                                        int ix = ox - 1 + j;
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            int xi = ((s * c + ci) * h + iy) * w + ix;
                                            int ki = ((oc * c + ci) * 3 + i) * 3 + j;
                                            sum += (double) xs[xi] * ks[ki];
                                            dx[xi] += g * ks[ki];
                                            dk[ki] += g * xs[xi];
                                        }
                                    }
                                }
                            }
                            assertEquals(sum, y.data()[out], 1e-4, "y at " + out);
                        }
                    }
                }
            }
            for (int i = 0; i < dx.length; i++) {
                assertEquals(dx[i], x.grad()[i], 1e-4, "dx at " + i);
            }
            for (int i = 0; i < dk.length; i++) {
                assertEquals(dk[i], k.grad()[i], 1e-3, "dW at " + i);
            }
            for (int i = 0; i < o; i++) {
                assertEquals(db[i], b.grad()[i], 1e-3, "db at " + i);
            }
        }
    }
}
