package org.era4j.kernel;

/**
 * The tile transforms of Winograd's F(2x2, 3x3) convolution, with the Vector API
 * ({@code WinogradVector}) when {@link VectorSupport#enabled()}; the scalar twins give the same
 * bits (the same additions in the same order, lane by lane).
 *
 * <p>Tiles lie on a "wide" grid: tile {@code t} reads its 4x4 input entry (i, j) from phase plane
 * {@code (i mod 2, j mod 2)} at {@code t + (i / 2) * rowWidth + j / 2}, so every transform is a
 * run of contiguous, shifted loads. The caller lays the padded input out that way (the four
 * planes of even/odd rows and columns) and ignores the tiles that fall outside the image.
 * <ul>
 *   <li>{@link #inputTiles}: {@code V = B^T d B}, B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]];</li>
 *   <li>{@link #outputTiles}: {@code Y = A^T M A + shift}, A^T = [[1,1,1,0],[0,1,-1,-1]];</li>
 *   <li>{@link #gradientTilesChannelsLast}: {@code A dY A^T}, the output gradient's side of the
 *       weight gradient, across channels.</li>
 * </ul>
 */
public final class WinogradKernel {

    private WinogradKernel() {
    }

    /**
     * {@code v[out + (4a + b) * planes + t] = (B^T d_t B)[a][b]} for {@code t < columns}, where
     * {@code d_t[i][j] = phases[p(i mod 2, j mod 2) + t + (i / 2) * rowWidth + j / 2]} and
     * {@code p00, p01, p10, p11} are the four phase planes' offsets.
     */
    public static void inputTiles(float[] phases, int p00, int p01, int p10, int p11, int rowWidth, int columns,
                                  float[] v, int out, int planes) {
        int done = VectorSupport.enabled()
                ? WinogradVector.inputTiles(phases, p00, p01, p10, p11, rowWidth, columns, v, out, planes) : 0;
        inputTilesScalar(phases, p00, p01, p10, p11, rowWidth, done, columns, v, out, planes);
    }

    /** Scalar twin of {@link #inputTiles} for tiles {@code [from, to)}. */
    public static void inputTilesScalar(float[] phases, int p00, int p01, int p10, int p11, int rowWidth,
                                        int from, int to, float[] v, int out, int planes) {
        int p20 = p00 + rowWidth;
        int p21 = p01 + rowWidth;
        int p30 = p10 + rowWidth;
        int p31 = p11 + rowWidth;
        for (int t = from; t < to; t++) {
            float d00 = phases[p00 + t], d01 = phases[p01 + t], d02 = phases[p00 + t + 1], d03 = phases[p01 + t + 1];
            float d10 = phases[p10 + t], d11 = phases[p11 + t], d12 = phases[p10 + t + 1], d13 = phases[p11 + t + 1];
            float d20 = phases[p20 + t], d21 = phases[p21 + t], d22 = phases[p20 + t + 1], d23 = phases[p21 + t + 1];
            float d30 = phases[p30 + t], d31 = phases[p31 + t], d32 = phases[p30 + t + 1], d33 = phases[p31 + t + 1];
            float t00 = d00 - d20, t01 = d01 - d21, t02 = d02 - d22, t03 = d03 - d23;
            float t10 = d10 + d20, t11 = d11 + d21, t12 = d12 + d22, t13 = d13 + d23;
            float t20 = d20 - d10, t21 = d21 - d11, t22 = d22 - d12, t23 = d23 - d13;
            float t30 = d10 - d30, t31 = d11 - d31, t32 = d12 - d32, t33 = d13 - d33;
            int o = out + t;
            v[o] = t00 - t02;
            v[o + planes] = t01 + t02;
            v[o + 2 * planes] = t02 - t01;
            v[o + 3 * planes] = t01 - t03;
            v[o + 4 * planes] = t10 - t12;
            v[o + 5 * planes] = t11 + t12;
            v[o + 6 * planes] = t12 - t11;
            v[o + 7 * planes] = t11 - t13;
            v[o + 8 * planes] = t20 - t22;
            v[o + 9 * planes] = t21 + t22;
            v[o + 10 * planes] = t22 - t21;
            v[o + 11 * planes] = t21 - t23;
            v[o + 12 * planes] = t30 - t32;
            v[o + 13 * planes] = t31 + t32;
            v[o + 14 * planes] = t32 - t31;
            v[o + 15 * planes] = t31 - t33;
        }
    }

    /**
     * {@code quads[quadsAt + (2u + v) * quadStride + t] = (A^T M_t A)[u][v] + shift} for
     * {@code t < count}, where {@code M_t[a][b] = m[in + (4a + b) * planes + t]}.
     */
    public static void outputTiles(float[] m, int in, int planes, int count, float shift,
                                   float[] quads, int quadsAt, int quadStride) {
        int done = VectorSupport.enabled()
                ? WinogradVector.outputTiles(m, in, planes, count, shift, quads, quadsAt, quadStride) : 0;
        outputTilesScalar(m, in, planes, done, count, shift, quads, quadsAt, quadStride);
    }

    /** Scalar twin of {@link #outputTiles} for tiles {@code [from, to)}. */
    public static void outputTilesScalar(float[] m, int in, int planes, int from, int to, float shift,
                                         float[] quads, int quadsAt, int quadStride) {
        for (int t = from; t < to; t++) {
            int i = in + t;
            float m00 = m[i], m01 = m[i + planes], m02 = m[i + 2 * planes], m03 = m[i + 3 * planes];
            float m10 = m[i + 4 * planes], m11 = m[i + 5 * planes], m12 = m[i + 6 * planes], m13 = m[i + 7 * planes];
            float m20 = m[i + 8 * planes], m21 = m[i + 9 * planes], m22 = m[i + 10 * planes], m23 = m[i + 11 * planes];
            float m30 = m[i + 12 * planes], m31 = m[i + 13 * planes], m32 = m[i + 14 * planes], m33 = m[i + 15 * planes];
            float s00 = m00 + m10 + m20, s01 = m01 + m11 + m21, s02 = m02 + m12 + m22, s03 = m03 + m13 + m23;
            float s10 = m10 - m20 - m30, s11 = m11 - m21 - m31, s12 = m12 - m22 - m32, s13 = m13 - m23 - m33;
            int q = quadsAt + t;
            quads[q] = s00 + s01 + s02 + shift;
            quads[q + quadStride] = s01 - s02 - s03 + shift;
            quads[q + 2 * quadStride] = s10 + s11 + s12 + shift;
            quads[q + 3 * quadStride] = s11 - s12 - s13 + shift;
        }
    }

    /**
     * Splits {@code rows} rows by column parity: for row r, {@code evens[evenAt + r * stride + i] =
     * x[from + r * xStride + 2i]} and {@code odds[oddAt + r * stride + i] = x[from + r * xStride + 2i + 1]}
     * for columns inside {@code width}; nothing else is written.
     */
    public static void splitRows(float[] x, int from, int xStride, int rows, int width,
                                 float[] evens, int evenAt, float[] odds, int oddAt, int stride) {
        if (VectorSupport.enabled()) {
            WinogradVector.splitRows(x, from, xStride, rows, width, evens, evenAt, odds, oddAt, stride);
        } else {
            splitRowsScalar(x, from, xStride, rows, width, evens, evenAt, odds, oddAt, stride);
        }
    }

    /** Scalar twin of {@link #splitRows}. */
    public static void splitRowsScalar(float[] x, int from, int xStride, int rows, int width,
                                       float[] evens, int evenAt, float[] odds, int oddAt, int stride) {
        for (int r = 0; r < rows; r++) {
            int src = from + r * xStride;
            for (int column = 0; column < width; column++) {
                if ((column & 1) == 0) {
                    evens[evenAt + r * stride + (column >> 1)] = x[src + column];
                } else {
                    odds[oddAt + r * stride + (column >> 1)] = x[src + column];
                }
            }
        }
    }

    /**
     * The inverse of {@link #splitRows}: for row r, {@code y[to + r * yStride + 2i] = evens[evenAt +
     * r * stride + i]} and {@code y[... + 2i + 1] = odds[oddAt + r * stride + i]} inside {@code width};
     * added to y when {@code accumulate}.
     */
    public static void mergeRows(float[] evens, int evenAt, float[] odds, int oddAt, int stride, int rows, int width,
                                 float[] y, int to, int yStride, boolean accumulate) {
        if (VectorSupport.enabled()) {
            WinogradVector.mergeRows(evens, evenAt, odds, oddAt, stride, rows, width, y, to, yStride, accumulate);
        } else {
            mergeRowsScalar(evens, evenAt, odds, oddAt, stride, rows, width, y, to, yStride, accumulate);
        }
    }

    /** Scalar twin of {@link #mergeRows}. */
    public static void mergeRowsScalar(float[] evens, int evenAt, float[] odds, int oddAt, int stride, int rows,
                                       int width, float[] y, int to, int yStride, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int dst = to + r * yStride;
            for (int column = 0; column < width; column++) {
                int half = r * stride + (column >> 1);
                float value = (column & 1) == 0 ? evens[evenAt + half] : odds[oddAt + half];
                y[dst + column] = accumulate ? y[dst + column] + value : value;
            }
        }
    }

    /**
     * The output-gradient transform of the weight gradient, {@code A dY A^T} (the adjoint of
     * {@link #outputTiles}), on channels-last data: the output gradient of one sample as
     * {@code gT[p * channels + o]} (pixels of a {@code height x width} plane), written as
     * {@code gt[((4a + b) * count + t - from) * channels + o]} for the tiles {@code from <= t < from
     * + count} of the wide tile grid {@code t = ty * (tilesWide + 1) + tx}; tiles and positions
     * outside the plane give zeros. Every channel of a tile is one contiguous run, so the transform
     * runs across channels.
     */
    public static void gradientTilesChannelsLast(float[] gT, int height, int width, int channels, int from,
                                                 int count, float[] gt) {
        gradientTiles(gT, height, width, channels, from, count, gt,
                VectorSupport.enabled() ? VectorSupport.Species.FLOAT.loopBound(channels) : 0);
    }

    /** Scalar twin of {@link #gradientTilesChannelsLast}. */
    public static void gradientTilesChannelsLastScalar(float[] gT, int height, int width, int channels, int from,
                                                       int count, float[] gt) {
        gradientTiles(gT, height, width, channels, from, count, gt, 0);
    }

    /** The tiles, channels {@code [0, vectorEnd)} on the Vector API and the rest on the scalar loop. */
    private static void gradientTiles(float[] gT, int height, int width, int channels, int from, int count,
                                      float[] gt, int vectorEnd) {
        int tilesWide = (width + 1) / 2;
        int rowWidth = tilesWide + 1;
        int stride = count * channels;
        for (int t = from; t < from + count; t++) {
            int ty = t / rowWidth;
            int tx = t - ty * rowWidth;
            int oy = 2 * ty;
            int ox = 2 * tx;
            boolean inside = tx < tilesWide && oy < height;
            int p00 = inside ? (oy * width + ox) * channels : -1;
            int p01 = inside && ox + 1 < width ? p00 + channels : -1;
            int p10 = inside && oy + 1 < height ? p00 + width * channels : -1;
            int p11 = p01 >= 0 && p10 >= 0 ? p10 + channels : -1;
            int out = (t - from) * channels;
            if (vectorEnd > 0) {
                WinogradVector.gradientTileChannels(gT, p00, p01, p10, p11, vectorEnd, gt, out, stride);
            }
            gradientTileChannelsScalar(gT, p00, p01, p10, p11, vectorEnd, channels, gt, out, stride);
        }
    }

    /** Channels {@code [from, to)} of one tile; a position at -1 lies outside the plane and reads 0. */
    private static void gradientTileChannelsScalar(float[] gT, int p00, int p01, int p10, int p11, int from, int to,
                                                   float[] gt, int out, int stride) {
        for (int o = from; o < to; o++) {
            float y00 = p00 < 0 ? 0f : gT[p00 + o];
            float y01 = p01 < 0 ? 0f : gT[p01 + o];
            float y10 = p10 < 0 ? 0f : gT[p10 + o];
            float y11 = p11 < 0 ? 0f : gT[p11 + o];
            float r00 = y00, r01 = y01;
            float r10 = y00 + y10, r11 = y01 + y11;
            float r20 = y00 - y10, r21 = y01 - y11;
            float r30 = -y10, r31 = -y11;
            int i = out + o;
            gt[i] = r00;
            gt[i + stride] = r00 + r01;
            gt[i + 2 * stride] = r00 - r01;
            gt[i + 3 * stride] = -r01;
            gt[i + 4 * stride] = r10;
            gt[i + 5 * stride] = r10 + r11;
            gt[i + 6 * stride] = r10 - r11;
            gt[i + 7 * stride] = -r11;
            gt[i + 8 * stride] = r20;
            gt[i + 9 * stride] = r20 + r21;
            gt[i + 10 * stride] = r20 - r21;
            gt[i + 11 * stride] = -r21;
            gt[i + 12 * stride] = r30;
            gt[i + 13 * stride] = r30 + r31;
            gt[i + 14 * stride] = r30 - r31;
            gt[i + 15 * stride] = -r31;
        }
    }
}
