package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Winograd tile transforms and row split/merge on the Vector API against their scalar twins,
 * bit for bit (the same additions lane by lane), and against their definitions: {@code B^T d B},
 * {@code A^T M A} and {@code A dY A^T} in float64 within one rounding per addition, the split and merge as exact
 * moves. Widths and offsets are drawn around the lane count; edge values (signed zeros,
 * subnormals, infinities, NaN) keep the twins equal.
 */
class WinogradKernelTest {

    private static final double[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};
    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3e38f};

    @Property(tries = 60)
    void inputTilesMatchTheTwinAndTheDefinition(@ForAll @IntRange(min = 0, max = 70) int columns,
                                               @ForAll @IntRange(min = 2, max = 20) int rowWidth,
                                               @ForAll boolean edges, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int plane = columns + rowWidth + 2 + r.nextInt(5);
        float[] phases = values(r, 4 * plane + 3, edges);
        int p00 = 1;
        int p01 = p00 + plane;
        int p10 = p01 + plane;
        int p11 = p10 + plane;
        int planes = columns + r.nextInt(3);
        int out = r.nextInt(4);
        float[] fast = new float[out + 16 * planes];
        float[] slow = new float[fast.length];
        WinogradKernel.inputTiles(phases, p00, p01, p10, p11, rowWidth, columns, fast, out, planes);
        WinogradKernel.inputTilesScalar(phases, p00, p01, p10, p11, rowWidth, 0, columns, slow, out, planes);
        assertSameBits(slow, fast);
        if (edges) {
            return;
        }
        int[] phase = {p00, p01, p10, p11};
        for (int t = 0; t < columns; t++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            double d = phases[phase[2 * (i & 1) + (j & 1)] + t + (i >> 1) * rowWidth + (j >> 1)];
                            exact += BT[a][i] * BT[b][j] * d;
                            magnitude += Math.abs(BT[a][i] * BT[b][j] * d);
                        }
                    }
                    assertEquals(exact, fast[out + (4 * a + b) * planes + t], 2 * 0x1p-24 * magnitude,
                            "V[" + a + "][" + b + "] of tile " + t);
                }
            }
        }
    }

    @Property(tries = 60)
    void outputTilesMatchTheTwinAndTheDefinition(@ForAll @IntRange(min = 0, max = 70) int columns,
                                                @ForAll boolean edges, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int planes = columns + r.nextInt(3);
        int in = r.nextInt(4);
        float[] m = values(r, in + 16 * planes, edges);
        float shift = (float) r.nextDouble(-1, 1);
        int quadStride = columns + r.nextInt(3);
        float[] fast = new float[2 + 4 * quadStride];
        float[] slow = new float[fast.length];
        WinogradKernel.outputTiles(m, in, planes, columns, shift, fast, 2, quadStride);
        WinogradKernel.outputTilesScalar(m, in, planes, 0, columns, shift, slow, 2, quadStride);
        assertSameBits(slow, fast);
        if (edges) {
            return;
        }
        for (int t = 0; t < columns; t++) {
            for (int u = 0; u < 2; u++) {
                for (int v = 0; v < 2; v++) {
                    double exact = shift;
                    double magnitude = Math.abs(shift);
                    for (int a = 0; a < 4; a++) {
                        for (int b = 0; b < 4; b++) {
                            double term = AT[u][a] * AT[v][b] * m[in + (4 * a + b) * planes + t];
                            exact += term;
                            magnitude += Math.abs(term);
                        }
                    }
                    assertEquals(exact, fast[2 + (2 * u + v) * quadStride + t], 4 * 0x1p-24 * magnitude,
                            "Y[" + u + "][" + v + "] of tile " + t);
                }
            }
        }
    }

    @Property(tries = 80)
    void splitAndMergeMoveEveryColumnOnce(@ForAll @IntRange(min = 0, max = 75) int width,
                                          @ForAll @IntRange(min = 0, max = 4) int rows,
                                          @ForAll boolean accumulate, @ForAll boolean edges, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int from = r.nextInt(5);
        int xStride = width + r.nextInt(4);
        float[] x = values(r, from + rows * xStride + 1, edges);
        int stride = (width + 1) / 2 + r.nextInt(3);
        float[] evens = new float[2 + rows * stride + 5];
        float[] odds = new float[3 + rows * stride + 5];
        java.util.Arrays.fill(evens, 7f);
        java.util.Arrays.fill(odds, 7f);
        float[] evensTwin = evens.clone();
        float[] oddsTwin = odds.clone();
        WinogradKernel.splitRows(x, from, xStride, rows, width, evens, 2, odds, 3, stride);
        WinogradKernel.splitRowsScalar(x, from, xStride, rows, width, evensTwin, 2, oddsTwin, 3, stride);
        assertSameBits(evensTwin, evens);
        assertSameBits(oddsTwin, odds);
        int written = 0;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < width; column++) {
                float moved = (column & 1) == 0 ? evens[2 + row * stride + column / 2] : odds[3 + row * stride + column / 2];
                assertEquals(Float.floatToRawIntBits(x[from + row * xStride + column]), Float.floatToRawIntBits(moved),
                        "row " + row + " column " + column);
                written++;
            }
        }
        int untouched = 0;
        for (float value : evens) {
            untouched += value == 7f ? 1 : 0;
        }
        for (float value : odds) {
            untouched += value == 7f ? 1 : 0;
        }
        // values are never 7, so only the moved columns may have changed
        assertEquals(evens.length + odds.length, untouched + written, "split wrote outside its columns");
        int yStride = width + r.nextInt(3);
        float[] target = values(r, 1 + rows * yStride + 2, false);
        float[] fast = target.clone();
        float[] slow = target.clone();
        WinogradKernel.mergeRows(evens, 2, odds, 3, stride, rows, width, fast, 1, yStride, accumulate);
        WinogradKernel.mergeRowsScalar(evens, 2, odds, 3, stride, rows, width, slow, 1, yStride, accumulate);
        assertSameBits(slow, fast);
        for (int i = 0; i < target.length; i++) {
            int row = (i - 1) / Math.max(1, yStride);
            int column = (i - 1) - row * yStride;
            boolean inside = i >= 1 && row < rows && column < width;
            if (!inside) {
                assertEquals(target[i], fast[i], "merge wrote outside its rows at " + i);
            } else if (!accumulate) {
                assertEquals(Float.floatToRawIntBits(x[from + row * xStride + column]), Float.floatToRawIntBits(fast[i]));
            }
        }
    }

    @Property(tries = 60)
    void gradientTilesMatchTheTwinAndTheDefinition(@ForAll @IntRange(min = 1, max = 9) int height,
                                                  @ForAll @IntRange(min = 1, max = 9) int width,
                                                  @ForAll @IntRange(min = 1, max = 37) int channels,
                                                  @ForAll boolean edges, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int tilesWide = (width + 1) / 2;
        int tilesHigh = (height + 1) / 2;
        int columns = (tilesHigh - 1) * (tilesWide + 1) + tilesWide + r.nextInt(20);
        int from = r.nextInt(columns);
        int count = columns - from;
        float[] gT = values(r, height * width * channels, edges);
        float[] fast = new float[16 * count * channels];
        float[] slow = new float[fast.length];
        java.util.Arrays.fill(fast, Float.NaN);
        java.util.Arrays.fill(slow, 5f);
        WinogradKernel.gradientTilesChannelsLast(gT, height, width, channels, from, count, fast);
        WinogradKernel.gradientTilesChannelsLastScalar(gT, height, width, channels, from, count, slow);
        assertSameBits(slow, fast);
        if (edges) {
            return;
        }
        for (int t = from; t < columns; t++) {
            int ty = t / (tilesWide + 1);
            int tx = t % (tilesWide + 1);
            for (int o = 0; o < channels; o++) {
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 4; b++) {
                        double exact = 0;
                        double magnitude = 0;
                        for (int u = 0; u < 2; u++) {
                            for (int v = 0; v < 2; v++) {
                                int oy = 2 * ty + u;
                                int ox = 2 * tx + v;
                                boolean inside = tx < tilesWide && oy < height && ox < width;
                                double dy = inside ? gT[(oy * width + ox) * channels + o] : 0;
                                exact += AT[u][a] * AT[v][b] * dy;
                                magnitude += Math.abs(AT[u][a] * AT[v][b] * dy);
                            }
                        }
                        assertEquals(exact, fast[((4 * a + b) * count + t - from) * channels + o], 4 * 0x1p-24 * magnitude,
                                "Gt[" + a + "][" + b + "] of tile " + t + " channel " + o);
                    }
                }
            }
        }
    }

    private static void assertSameBits(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            // NaN payloads are not specified; every NaN counts as one value
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "at " + i);
        }
    }

    private static float[] values(SplittableRandom r, int n, boolean edges) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = edges && r.nextInt(3) == 0 ? EDGES[r.nextInt(EDGES.length)] : (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
