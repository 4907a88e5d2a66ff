package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.WinogradKernel;

/**
 * A 3x3, stride-1, "same" convolution by Winograd's minimal filtering F(2x2, 3x3): every 2x2
 * block of outputs is computed from a 4x4 tile of the padded input with 16 multiplies per input
 * channel instead of 36. Per sample:
 * <ol>
 *   <li>input tiles {@code d} (stride 2) are transformed to {@code V = B^T d B}, stored as 16
 *       matrices {@code V_xi} (C, tiles);</li>
 *   <li>weights are transformed once per call to {@code U = G w G^T}, 16 matrices {@code U_xi} (O, C);</li>
 *   <li>16 GEMMs {@code M_xi = U_xi V_xi} (O, tiles), 2.25x fewer multiply-adds than the direct
 *       convolution;</li>
 *   <li>each 2x2 output block is {@code A^T M A}.</li>
 * </ol>
 * B and A hold only 0 and +-1 and G only 0, +-1/2 and 1, so the transforms are exact additions
 * apart from rounding. The input gradient of a "same" 3x3 convolution is again one, over the output
 * gradient with the kernel flipped and its channel axes swapped ({@link #transformWeights}).
 *
 * <p>B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]], G = [[1,0,0],[1/2,1/2,1/2],[1/2,-1/2,1/2],[0,0,1]],
 * A^T = [[1,1,1,0],[0,1,-1,-1]] (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
 */
final class Winograd3x3 {

    /** Transformed tile positions: the 4x4 entries of {@code B^T d B}. */
    static final int POSITIONS = 16;
    /**
     * Tile columns transformed, multiplied and transformed back at a time: the 16 V and M blocks of
     * a 64-channel layer then take 196 KB each, so they stay in a core's L2 (a whole 28 x 28 sample
     * took 917 KB each, and the two cores then contended for L3).
     */
    static final int CHUNK = 48;

    final int channels;
    final int outChannels;
    final int height;
    final int width;
    final int tilesHigh;
    final int tilesWide;
    /** Columns of each V and M matrix: the wide tile grid (tilesWide + 1 per row) rounded up to whole vectors. */
    final int tileColumns;

    Winograd3x3(int channels, int outChannels, int height, int width) {
        this.channels = channels;
        this.outChannels = outChannels;
        this.height = height;
        this.width = width;
        this.tilesHigh = (height + 1) / 2;
        this.tilesWide = (width + 1) / 2;
        this.tileColumns = ShiftedRows.wholeVectors((tilesHigh - 1) * (tilesWide + 1) + tilesWide);
    }

    /**
     * Whether a convolution takes this path: 3x3, stride 1, "same" (one pad each side), and at
     * least 16 channels on both sides (below that the transforms cost more than the multiplies
     * they save).
     */
    static boolean applies(ConvGeometry geo, int outChannels) {
        return geo.kh == 3 && geo.kw == 3 && geo.stride == 1 && geo.padTop == 1 && geo.padLeft == 1
                && geo.outHeight == geo.height && geo.outWidth == geo.width
                && geo.channels >= 16 && outChannels >= 16 && geo.height >= 2 && geo.width >= 2;
    }

    /** Floats of a chunk of V (positions x channels x {@link #CHUNK}). */
    int transformedInputSize() {
        return POSITIONS * channels * CHUNK;
    }

    /** Floats of a chunk of M, or of the transformed output gradient (positions x outChannels x {@link #CHUNK}). */
    int productSize() {
        return POSITIONS * outChannels * CHUNK;
    }

    int weightSize() {
        return POSITIONS * outChannels * channels;
    }

    /**
     * {@code u[xi][o][c] = (G w_oc G^T)[xi]} for this shape's (outChannels, channels). With
     * {@code adjoint}, {@code weight} is the forward layer's (channels, outChannels, 3, 3) and the
     * kernel used is {@code w'[o][c][i][j] = weight[c][o][2-i][2-j]} (the input-gradient convolution).
     */
    void transformWeights(float[] weight, boolean adjoint, float[] u) {
        float[] k = new float[9];
        float[] gk = new float[12];
        for (int o = 0; o < outChannels; o++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < 9; t++) {
                    k[t] = adjoint ? weight[(c * outChannels + o) * 9 + 8 - t] : weight[(o * channels + c) * 9 + t];
                }
                // rows: Gk (4x3), then (Gk) G^T (4x4)
                for (int j = 0; j < 3; j++) {
                    float k0 = k[j];
                    float k1 = k[3 + j];
                    float k2 = k[6 + j];
                    gk[j] = k0;
                    gk[3 + j] = 0.5f * (k0 + k1 + k2);
                    gk[6 + j] = 0.5f * (k0 - k1 + k2);
                    gk[9 + j] = k2;
                }
                for (int a = 0; a < 4; a++) {
                    float r0 = gk[3 * a];
                    float r1 = gk[3 * a + 1];
                    float r2 = gk[3 * a + 2];
                    int base = (o * channels + c);
                    int stride = outChannels * channels;
                    u[(4 * a) * stride + base] = r0;
                    u[(4 * a + 1) * stride + base] = 0.5f * (r0 + r1 + r2);
                    u[(4 * a + 2) * stride + base] = 0.5f * (r0 - r1 + r2);
                    u[(4 * a + 3) * stride + base] = r2;
                }
            }
        }
    }

    /**
     * Splits the sample at {@code x[offset]} into the phase planes {@link #inputChunk} reads.
     * V is formed per chunk of tiles ({@code v[xi][c][t]}), over a wide tile grid
     * {@code t = ty * (tilesWide + 1) + tx} whose last column of each row ({@code tx = tilesWide})
     * is computed and never read. The padded input is first split into four phase planes by row and
     * column parity, {@code P[ry][rx][y'][x'] = padded[2y' + ry][2x' + rx]}; the input entry
     * (i, j) of every tile is then one phase plane read from {@code (i/2) * (tilesWide + 1) + j/2}
     * on, so each {@code V_xi} row is a sum of four contiguous, shifted runs.
     */
    void splitInput(float[] x, int offset, float[] phases) {
        int stride = phaseStride();
        int rowWidth = tilesWide + 1;
        java.util.Arrays.fill(phases, 0, 4 * channels * stride, 0f);
        int evenRows = (height + 1) / 2;
        int oddRows = height / 2;
        for (int c = 0; c < channels; c++) {
            int p00 = c * stride;
            int p01 = (channels + c) * stride;
            int p10 = (2 * channels + c) * stride;
            int p11 = (3 * channels + c) * stride;
            int src = offset + c * height * width;
            // input row iy is padded row iy + 1 (parity ry, phase row (iy + 1) / 2); input column ix
            // is padded column ix + 1: even ix go to the odd-column plane at ix / 2, odd ix to the
            // even-column plane at ix / 2 + 1
            WinogradKernel.splitRows(x, src, 2 * width, evenRows, width, phases, p11, phases, p10 + 1, rowWidth);
            WinogradKernel.splitRows(x, src + width, 2 * width, oddRows, width, phases, p01 + rowWidth,
                    phases, p00 + rowWidth + 1, rowWidth);
        }
    }

    /** {@code v[xi][c][t - from]} for tiles {@code [from, from + count)}, from the phase planes. */
    void inputChunk(float[] phases, int from, int count, float[] v) {
        int stride = phaseStride();
        int rowWidth = tilesWide + 1;
        int planes = channels * count;
        for (int c = 0; c < channels; c++) {
            WinogradKernel.inputTiles(phases, c * stride + from, (channels + c) * stride + from,
                    (2 * channels + c) * stride + from, (3 * channels + c) * stride + from, rowWidth, count, v,
                    c * count, planes);
        }
    }

    /** Floats per phase plane: the plane, and room for the reads of the last wide tile column. */
    int phaseStride() {
        return Math.max((tilesHigh + 1) * (tilesWide + 1), tileColumns + tilesWide + 3);
    }

    int phaseSize() {
        return 4 * channels * phaseStride();
    }

    /** {@code m[xi] = u[xi] v[xi]} for one chunk of {@code count} tiles: 16 GEMMs (outChannels, channels) x (channels, count). */
    void multiply(Gemm serial, float[] u, float[] v, int count, float[] m) {
        int weights = outChannels * channels;
        for (int xi = 0; xi < POSITIONS; xi++) {
            serial.multiply(false, false, outChannels, count, channels, u, xi * weights, channels,
                    v, xi * channels * count, count, 0f, m, xi * outChannels * count, count);
        }
    }

    /** {@code A^T M A} + bias for one chunk into {@code quads[o][2u + v][t]} ({@link #quadSize} floats). */
    void outputChunk(float[] m, int from, int count, float[] bias, float[] quads) {
        int planes = outChannels * count;
        for (int o = 0; o < outChannels; o++) {
            float shift = bias == null ? 0f : bias[o];
            WinogradKernel.outputTiles(m, o * count, planes, count, shift, quads, 4 * o * tileColumns + from, tileColumns);
        }
    }

    /**
     * The four outputs of every tile ({@link #outputChunk}) into the planes at {@code y[offset]}
     * (outChannels x height x width): stored, or added when {@code accumulate}.
     */
    void mergeOutput(float[] quads, float[] y, int offset, boolean accumulate) {
        int columns = tileColumns;
        int rowWidth = tilesWide + 1;
        for (int o = 0; o < outChannels; o++) {
            int q = 4 * o * columns;
            int plane = offset + o * height * width;
            WinogradKernel.mergeRows(quads, q, quads, q + columns, rowWidth, (height + 1) / 2, width,
                    y, plane, 2 * width, accumulate);
            WinogradKernel.mergeRows(quads, q + 2 * columns, quads, q + 3 * columns, rowWidth, height / 2, width,
                    y, plane + width, 2 * width, accumulate);
        }
    }

    /** One sample's convolution, chunk by chunk, with this worker's scratch. */
    void convolve(Gemm serial, float[] u, float[] x, int xOffset, float[] y, int yOffset, float[] bias,
                  boolean accumulate, float[] phases, float[] v, float[] m, float[] quads) {
        splitInput(x, xOffset, phases);
        for (int from = 0; from < tileColumns; from += CHUNK) {
            int count = Math.min(CHUNK, tileColumns - from);
            inputChunk(phases, from, count, v);
            multiply(serial, u, v, count, m);
            outputChunk(m, from, count, bias, quads);
        }
        mergeOutput(quads, y, yOffset, accumulate);
    }

    /** Floats of the output transform's scratch: the four outputs of every wide tile, per output channel. */
    int quadSize() {
        return 4 * outChannels * tileColumns;
    }

    /**
     * The output gradient of one sample (outChannels x height x width at {@code g[offset]})
     * transposed to channels-last, from which {@link #weightGradient} forms
     * {@code gt[xi][t][o] = (A dY_t A^T)[xi]} (one 784 x 64 transpose, where transforming planes
     * would need one 64 x 224 transpose per position for the GEMM).
     */
    void transformOutputGradient(float[] g, int offset, float[] transposed) {
        int pixels = height * width;
        Gemm.transpose(g, offset, pixels, pixels, outChannels, transposed, 0, outChannels);
    }

    /** Floats of {@link #transformOutputGradient}'s scratch. */
    int gradientScratch() {
        return height * width * outChannels;
    }

    /**
     * {@code du[xi] = beta du[xi] + v[xi] gt[xi]} over the tiles of one sample, chunk by chunk (the
     * FMA chains continue through C, so the chunks change no bits): the 16 (channels, outChannels)
     * transposed weight gradients of the positions, at {@code du[duOffset]}.
     */
    void weightGradient(Gemm serial, float[] phases, float[] transposedGradient, float beta, float[] du, int duOffset,
                        float[] v, float[] gt) {
        int weights = outChannels * channels;
        for (int from = 0; from < tileColumns; from += CHUNK) {
            int count = Math.min(CHUNK, tileColumns - from);
            inputChunk(phases, from, count, v);
            WinogradKernel.gradientTilesChannelsLast(transposedGradient, height, width, outChannels, from, count, gt);
            float chunkBeta = from == 0 ? beta : 1f;
            for (int xi = 0; xi < POSITIONS; xi++) {
                serial.multiply(false, false, channels, outChannels, count, v, xi * channels * count, count,
                        gt, xi * count * outChannels, outChannels, chunkBeta, du, duOffset + xi * weights, outChannels);
            }
        }
    }

    /** {@code gw[o][c] += G^T du[.][c][o] G} (3x3 from 4x4) for the (outChannels, channels, 3, 3) weight. */
    void addWeightGradient(float[] du, float[] gw) {
        int weights = outChannels * channels;
        float[] left = new float[12];
        for (int oc = 0; oc < weights; oc++) {
            int co = (oc % channels) * outChannels + oc / channels;
            // G^T du: rows i = 0..2 over columns b
            for (int b = 0; b < 4; b++) {
                float d0 = du[b * weights + co];
                float d1 = du[(4 + b) * weights + co];
                float d2 = du[(8 + b) * weights + co];
                float d3 = du[(12 + b) * weights + co];
                left[b] = d0 + 0.5f * (d1 + d2);
                left[4 + b] = 0.5f * (d1 - d2);
                left[8 + b] = 0.5f * (d1 + d2) + d3;
            }
            int base = oc * 9;
            for (int i = 0; i < 3; i++) {
                float l0 = left[4 * i];
                float l1 = left[4 * i + 1];
                float l2 = left[4 * i + 2];
                float l3 = left[4 * i + 3];
                gw[base + 3 * i] += l0 + 0.5f * (l1 + l2);
                gw[base + 3 * i + 1] += 0.5f * (l1 - l2);
                gw[base + 3 * i + 2] += 0.5f * (l1 + l2) + l3;
            }
        }
    }
}
