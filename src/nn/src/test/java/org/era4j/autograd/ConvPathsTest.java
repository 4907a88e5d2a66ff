package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Both convolution paths, shifted rows (stride 1, no column matrix) and im2col, against direct
 * float64 loops of {@code L = sum(y * r)}: output, input, weight and bias gradients, on shapes drawn
 * fresh per run (kernels 1-4 wide, even ones included, same and valid padding, with and without
 * bias, 1-3 threads). Each value must lie within {@code (terms + 2) * 2^-22} of the sum of the
 * absolute values of its terms: a float32 sum of that many products, in any order.
 */
class ConvPathsTest {

    @Property(tries = 40)
    void bothPathsMatchDirectLoops(@ForAll @IntRange(min = 1, max = 6) int batch,
                                   @ForAll @IntRange(min = 1, max = 4) int channels,
                                   @ForAll @IntRange(min = 1, max = 11) int height,
                                   @ForAll @IntRange(min = 1, max = 13) int width,
                                   @ForAll @IntRange(min = 1, max = 7) int outChannels,
                                   @ForAll @IntRange(min = 1, max = 4) int kh,
                                   @ForAll @IntRange(min = 1, max = 4) int kw,
                                   @ForAll @IntRange(min = 1, max = 2) int stride,
                                   @ForAll boolean same, @ForAll boolean withBias,
                                   @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll long seed) {
        Assume.that(same || (kh <= height && kw <= width));
        for (boolean shifted : new boolean[] {true, false}) {
            if (shifted && stride != 1) {
                continue;
            }
            matchesDirectLoops(batch, channels, height, width, outChannels, kh, kw, stride,
                    same ? Padding.SAME : Padding.VALID, withBias, threads, seed, shifted, 1);
        }
    }

    /**
     * 3x3 "same" layers with 16 or more channels take Winograd F(2x2, 3x3) for the output and the
     * input gradient: odd and even plane sizes (a last tile cut at the edge), 1 and 2 threads.
     * Its transforms round sums of up to 9 terms before each product; the direct bound held in 150
     * tries, and the test allows 4 times it.
     */
    @Property(tries = 12)
    void winogradMatchesDirectLoops(@ForAll @IntRange(min = 1, max = 3) int batch,
                                    @ForAll @IntRange(min = 16, max = 19) int channels,
                                    @ForAll @IntRange(min = 2, max = 9) int height,
                                    @ForAll @IntRange(min = 2, max = 9) int width,
                                    @ForAll @IntRange(min = 16, max = 18) int outChannels,
                                    @ForAll boolean withBias, @ForAll @IntRange(min = 1, max = 2) int threads,
                                    @ForAll long seed) {
        ConvGeometry geo = new ConvGeometry(new int[] {batch, channels, height, width}, 3, 3, 1, Padding.SAME);
        assertTrue(Winograd3x3.applies(geo, outChannels));
        matchesDirectLoops(batch, channels, height, width, outChannels, 3, 3, 1, Padding.SAME, withBias, threads, seed,
                true, 4);
    }

    /** The paper CNN's second layer at a smaller batch: the shape the shifted path was made for. */
    @Test
    void paperCnnSecondLayerTakesShiftedRowsAndMatches() {
        ConvGeometry geo = new ConvGeometry(new int[] {5, 64, 28, 28}, 3, 3, 1, Padding.SAME);
        assertTrue(Conv2d.takesShiftedRows(geo, 64));
        assertTrue(Winograd3x3.applies(geo, 64));
        matchesDirectLoops(5, 64, 28, 28, 64, 3, 3, 1, Padding.SAME, true, 2, 11, true, 4);
    }

    /** Two by two outputs would be mostly padding on the wide grid (16 columns for 4 pixels). */
    @Test
    void tinyPlanesStayOnIm2col() {
        assertFalse(Conv2d.takesShiftedRows(new ConvGeometry(new int[] {1, 8, 2, 2}, 3, 3, 1, Padding.SAME), 8));
        assertFalse(Conv2d.takesShiftedRows(new ConvGeometry(new int[] {1, 8, 28, 28}, 3, 3, 2, Padding.SAME), 8));
    }

    static void matchesDirectLoops(int n, int c, int h, int w, int o, int kh, int kw, int stride, Padding padding,
                                   boolean withBias, int threads, long seed, boolean shifted, double slack) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = uniform(random, n, c, h, w);
        Tensor k = uniform(random, o, c, kh, kw);
        Tensor b = withBias ? uniform(random, o) : null;
        ConvGeometry geo = new ConvGeometry(x.shape(), kh, kw, stride, padding);
        int oh = geo.outHeight;
        int ow = geo.outWidth;
        Tensor r = uniform(random, n, o, oh, ow).requiresGrad(false);
        String where = (shifted ? "shifted rows" : "im2col") + " " + n + "x" + c + "x" + h + "x" + w + " -> " + o
                + " kernel " + kh + "x" + kw + " stride " + stride + " " + padding + " threads " + threads;
        try (ExecutionContext context = ExecutionContext.cpu(threads)) {
            Tensor y = Conv2d.apply(context.gemm(), x, k, b, stride, padding, shifted);
            Sum.all(Mul.apply(y, r)).backward();
            float[] xs = x.data();
            float[] ks = k.data();
            double[] dx = new double[xs.length];
            double[] dxScale = new double[xs.length];
            double[] dk = new double[ks.length];
            double[] dkScale = new double[ks.length];
            double[] db = new double[o];
            double[] dbScale = new double[o];
            int terms = c * kh * kw;
            for (int s = 0; s < n; s++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            int out = ((s * o + oc) * oh + oy) * ow + ox;
                            double sum = withBias ? b.data()[oc] : 0;
                            double scale = Math.abs(sum);
                            double g = r.data()[out];
                            db[oc] += g;
                            dbScale[oc] += Math.abs(g);
                            for (int ci = 0; ci < c; ci++) {
                                for (int i = 0; i < kh; i++) {
                                    for (int j = 0; j < kw; j++) {
                                        int iy = oy * stride - geo.padTop + i;
                                        int ix = ox * stride - geo.padLeft + j;
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            int xi = ((s * c + ci) * h + iy) * w + ix;
                                            int ki = ((oc * c + ci) * kh + i) * kw + j;
                                            sum += (double) xs[xi] * ks[ki];
                                            scale += Math.abs((double) xs[xi] * ks[ki]);
                                            dx[xi] += g * ks[ki];
                                            dxScale[xi] += Math.abs(g * ks[ki]);
                                            dk[ki] += g * xs[xi];
                                            dkScale[ki] += Math.abs(g * xs[xi]);
                                        }
                                    }
                                }
                            }
                            assertClose(sum, y.data()[out], terms, slack * scale, where + ": y at " + out);
                        }
                    }
                }
            }
            for (int i = 0; i < dx.length; i++) {
                assertClose(dx[i], x.grad()[i], o * kh * kw, slack * dxScale[i], where + ": dx at " + i);
            }
            for (int i = 0; i < dk.length; i++) {
                assertClose(dk[i], k.grad()[i], n * oh * ow, dkScale[i], where + ": dW at " + i);
            }
            for (int i = 0; i < o && withBias; i++) {
                assertClose(db[i], b.grad()[i], n * oh * ow, dbScale[i], where + ": db at " + i);
            }
        }
    }

    private static void assertClose(double expected, float actual, int terms, double scale, String where) {
        double bound = (terms + 2) * Math.scalb(1.0, -22) * scale + Float.MIN_NORMAL;
        assertEquals(expected, actual, bound, where);
    }

    private static Tensor uniform(SplittableRandom random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) random.nextDouble(-1, 1);
        }
        return t.requiresGrad(true);
    }
}
