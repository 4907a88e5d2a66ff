package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Forward values against direct float64 loops written from the definitions (gradchecks only show
 * that backward matches forward, not that forward is right).
 */
class ForwardReferenceTest {

    /** Kernels of every model and operation in this test (one thread: no worker pool to close). */
    static final ExecutionContext CONTEXT = ExecutionContext.cpu(1);

    /** Direct convolution with TensorFlow SAME/VALID padding, float64. */
    private static double conv(float[] x, int c, int h, int w, float[] k, float[] bias, int o, int kh, int kw, int stride,
                               Padding padding, int n, int oc, int oy, int ox) {
        int top = padding.before(h, kh, stride);
        int left = padding.before(w, kw, stride);
        double sum = bias == null ? 0 : bias[oc];
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int iy = oy * stride - top + i;
                    int ix = ox * stride - left + j;
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                        sum += (double) x[((n * c + ci) * h + iy) * w + ix] * k[((oc * c + ci) * kh + i) * kw + j];
                    }
                }
            }
        }
        return sum;
    }

    @Test
    void conv2dMatchesDirectConvolution() {
        int[][] configs = {
            // c, h, w, o, kh, kw, stride, same?
            {2, 5, 4, 3, 3, 3, 1, 1}, {1, 7, 6, 2, 3, 2, 2, 0}, {2, 5, 5, 2, 4, 4, 2, 1},
            {3, 6, 7, 2, 1, 1, 1, 1}, {1, 8, 8, 2, 5, 5, 3, 1}, {2, 4, 4, 1, 3, 3, 2, 1},
        };
        long seed = 100;
        for (int[] cfg : configs) {
            int c = cfg[0], h = cfg[1], w = cfg[2], o = cfg[3], kh = cfg[4], kw = cfg[5], stride = cfg[6];
            Padding padding = cfg[7] == 1 ? Padding.SAME : Padding.VALID;
            Tensor x = PrimitiveGradCheckTest.random(seed++, 2, c, h, w);
            Tensor k = PrimitiveGradCheckTest.random(seed++, o, c, kh, kw);
            Tensor b = PrimitiveGradCheckTest.random(seed++, o);
            Tensor y = Conv2d.apply(CONTEXT.gemm(), x, k, b, stride, padding);
            int ho = padding.outputLength(h, kh, stride);
            int wo = padding.outputLength(w, kw, stride);
            assertEquals(2 * o * ho * wo, y.size());
            for (int n = 0; n < 2; n++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            double expected = conv(x.data(), c, h, w, k.data(), b.data(), o, kh, kw, stride, padding, n, oc, oy, ox);
                            float actual = y.data()[((n * o + oc) * ho + oy) * wo + ox];
                            assertEquals(expected, actual, 1e-5, java.util.Arrays.toString(cfg) + " at " + n + "," + oc + "," + oy + "," + ox);
                        }
                    }
                }
            }
        }
    }

    @Test
    void poolingMatchesDefinitions() {
        Tensor x = PrimitiveGradCheckTest.random(7, 1, 2, 5, 5);
        Tensor max = MaxPool2d.apply(x, 2, 2, Padding.SAME);
        Tensor avg = AvgPool2d.apply(x, 2, 2, Padding.SAME);
        assertEquals(2 * 3 * 3, max.size());
        for (int c = 0; c < 2; c++) {
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 3; ox++) {
                    double m = Double.NEGATIVE_INFINITY;
                    double s = 0;
                    int count = 0;
                    for (int iy = 2 * oy; iy < Math.min(5, 2 * oy + 2); iy++) {
                        for (int ix = 2 * ox; ix < Math.min(5, 2 * ox + 2); ix++) {
                            float v = x.data()[(c * 5 + iy) * 5 + ix];
                            m = Math.max(m, v);
                            s += v;
                            count++;
                        }
                    }
                    assertEquals(m, max.data()[(c * 3 + oy) * 3 + ox], 0);
                    assertEquals(s / count, avg.data()[(c * 3 + oy) * 3 + ox], 1e-6);
                }
            }
        }
    }

    @Test
    void linearAndMatmulMatchDefinitions() {
        Tensor x = PrimitiveGradCheckTest.random(8, 3, 5);
        Tensor w = PrimitiveGradCheckTest.random(9, 4, 5);
        Tensor b = PrimitiveGradCheckTest.random(10, 4);
        Tensor y = Linear.apply(CONTEXT.gemm(), x, w, b);
        Tensor z = MatMul.apply(CONTEXT.gemm(), x, Permute.transpose(w, 0, 1));
        for (int i = 0; i < 3; i++) {
            for (int o = 0; o < 4; o++) {
                double sum = 0;
                for (int k = 0; k < 5; k++) {
                    sum += (double) x.data()[i * 5 + k] * w.data()[o * 5 + k];
                }
                assertEquals(sum + b.data()[o], y.data()[i * 4 + o], 1e-6);
                assertEquals(sum, z.data()[i * 4 + o], 1e-6);
            }
        }
    }

    @Test
    void activationsMatchFloat64Formulas() {
        float[] xs = {-6f, -1.5f, -0.3f, 0f, 0.2f, 1f, 3.7f};
        Tensor x = Tensor.of(xs, xs.length);
        float[] swish = Pointwise.apply(x, Pointwise.Function.SWISH).data();
        float[] geluT = Pointwise.apply(x, Pointwise.Function.GELU_TANH).data();
        float[] geluE = Pointwise.apply(x, Pointwise.Function.GELU_EXACT).data();
        float[] sig = Pointwise.apply(x, Pointwise.Function.SIGMOID).data();
        float[] leaky = Pointwise.apply(null, x, Pointwise.Function.LEAKY_RELU, 0.2f).data();
        for (int i = 0; i < xs.length; i++) {
            double v = xs[i];
            double s = 1 / (1 + Math.exp(-v));
            assertEquals(v * s, swish[i], 1e-6);
            assertEquals(s, sig[i], 1e-7);
            assertEquals(0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), geluT[i], 1e-6);
            assertEquals(v < 0 ? 0.2 * v : v, leaky[i], 1e-7);
        }
        // exact GELU: x * Phi(x), Phi(x) = 0.5 erfc(-x / sqrt 2) from Python's math.erfc (float64)
        assertEquals(-6 * 9.865876450377012e-10, geluE[0], 1e-12);
        assertEquals(-1.5 * 0.06680720126885809, geluE[1], 1e-7);
        assertEquals(1.0 * 0.8413447460685429, geluE[5], 1e-7);
        assertEquals(3.7 * 0.9998922002665226, geluE[6], 1e-6);
    }
}
