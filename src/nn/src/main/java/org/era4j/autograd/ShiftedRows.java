package org.era4j.autograd;

/**
 * A stride-1 convolution as one GEMM over shifted rows of a zero-padded input, with no column
 * matrix ({@link org.era4j.kernel.IndexedGemm}). The input planes are copied into a buffer with
 * the padding written out, each {@code paddedHeight x paddedWidth} with {@code paddedWidth =
 * outWidth + kw - 1}. An output is then computed at every position {@code oy * paddedWidth + ox}
 * of a "wide" grid: the column-matrix row of tap (c, ki, kj) over that grid is the padded plane c
 * read from {@code ki * paddedWidth + kj} on, one contiguous run. The {@code kw - 1} positions per
 * row with {@code ox >= outWidth} are computed and dropped; {@link #wideColumns} rounds the grid up
 * to a multiple of 16 so the vector kernels need no column tail.
 *
 * <p>The same shape serves the backward pass: the input gradient is the convolution of the
 * (padded) output gradient with the flipped kernel, see {@link #adjoint}.
 */
final class ShiftedRows {

    /** Wide grids are rounded up to this many columns (a multiple of every float species' lane count). */
    static final int COLUMN_MULTIPLE = 16;

    final int channels;
    final int height;
    final int width;
    final int kh;
    final int kw;
    final int padTop;
    final int padLeft;
    final int outHeight;
    final int outWidth;
    final int paddedWidth;
    final int paddedHeight;
    /** Columns of the wide output grid: the last valid position plus one, rounded up. */
    final int wideColumns;
    /** Floats of the padded input buffer: every tap row of {@link #wideColumns} fits in it. */
    final int paddedSize;

    ShiftedRows(int channels, int height, int width, int kh, int kw, int padTop, int padLeft,
                int outHeight, int outWidth) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kh = kh;
        this.kw = kw;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.paddedWidth = outWidth + kw - 1;
        this.paddedHeight = outHeight + kh - 1;
        this.wideColumns = wholeVectors((outHeight - 1) * paddedWidth + outWidth);
        this.paddedSize = (channels - 1) * paddedHeight * paddedWidth + (kh - 1) * paddedWidth + (kw - 1) + wideColumns;
    }

    /** {@code columns} rounded up to a multiple of {@link #COLUMN_MULTIPLE} (every wide grid's width). */
    static int wholeVectors(int columns) {
        return (columns + COLUMN_MULTIPLE - 1) / COLUMN_MULTIPLE * COLUMN_MULTIPLE;
    }

    /** The forward shape of a stride-1 convolution, or null when it is not stride 1. */
    static ShiftedRows forward(ConvGeometry geo) {
        if (geo.stride != 1 || geo.outHeight < 1 || geo.outWidth < 1) {
            return null;
        }
        return new ShiftedRows(geo.channels, geo.height, geo.width, geo.kh, geo.kw, geo.padTop, geo.padLeft,
                geo.outHeight, geo.outWidth);
    }

    /**
     * The input gradient's shape: the output gradient (O planes of {@code outHeight x outWidth})
     * convolved with the kernel flipped in both axes, padded so that input pixel (iy, ix) sees
     * output gradient (iy + padTop - ki, ix + padLeft - kj) under tap (kh-1-ki, kw-1-kj).
     */
    ShiftedRows adjoint(int outChannels) {
        return new ShiftedRows(outChannels, outHeight, outWidth, kh, kw, kh - 1 - padTop, kw - 1 - padLeft,
                height, width);
    }

    /**
     * Whether the wide grid costs little more than the im2col path: at most 1/8 more columns than
     * output pixels (28 x 28 with a 3 x 3 kernel: 848 for 784). Narrow outputs (MobileNet's late
     * 2 x 2 planes) would multiply mostly padding, and stay on im2col.
     */
    boolean worthIt() {
        return (long) wideColumns * 8 <= (long) outHeight * outWidth * 9;
    }

    /** Row start of each tap (c, ki, kj), in the column matrix's row order. */
    int[] tapRows() {
        int[] rows = new int[channels * kh * kw];
        int plane = paddedHeight * paddedWidth;
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    rows[r++] = c * plane + ki * paddedWidth + kj;
                }
            }
        }
        return rows;
    }

    /**
     * Copies the sample at {@code x[offset]} (channels x height x width) into {@code padded} at
     * {@code padded[0, paddedSize)}, with zeros everywhere else: the pad bands, and the tail the
     * last taps read past the last plane. Input rows or columns outside the padded plane are never
     * read by a valid output and are left out.
     */
    void pad(float[] x, int offset, float[] padded) {
        int plane = paddedHeight * paddedWidth;
        int col0 = Math.max(0, padLeft);
        int col1 = Math.min(paddedWidth, padLeft + width);
        int row0 = Math.max(0, padTop);
        int row1 = Math.min(paddedHeight, padTop + height);
        if (col1 <= col0 || row1 <= row0) {
            java.util.Arrays.fill(padded, 0, paddedSize, 0f);
            return;
        }
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            java.util.Arrays.fill(padded, base, base + row0 * paddedWidth, 0f);
            int src = offset + c * height * width + (row0 - padTop) * width + (col0 - padLeft);
            for (int row = row0; row < row1; row++, src += width) {
                int start = base + row * paddedWidth;
                java.util.Arrays.fill(padded, start, start + col0, 0f);
                System.arraycopy(x, src, padded, start + col0, col1 - col0);
                java.util.Arrays.fill(padded, start + col1, start + paddedWidth, 0f);
            }
            java.util.Arrays.fill(padded, base + row1 * paddedWidth, Math.min(paddedSize, base + plane), 0f);
        }
        java.util.Arrays.fill(padded, Math.min(paddedSize, channels * plane), paddedSize, 0f);
    }

    /**
     * The output gradient of one sample (outChannels x outHeight x outWidth at {@code g[offset]}),
     * transposed onto the wide grid: {@code out[p * outChannels + o]} for p < {@link #wideColumns},
     * zero at the dropped positions, so a weight-gradient chain over p adds exact zeros there.
     */
    void transposeWide(float[] g, int offset, int outChannels, float[] out) {
        int pixels = outHeight * outWidth;
        for (int oy = 0; oy < outHeight; oy++) {
            int rowStart = oy * paddedWidth * outChannels;
            org.era4j.kernel.Gemm.transpose(g, offset + oy * outWidth, pixels, outWidth, outChannels,
                    out, rowStart, outChannels);
            int junkEnd = oy == outHeight - 1 ? wideColumns : (oy + 1) * paddedWidth;
            java.util.Arrays.fill(out, rowStart + outWidth * outChannels, junkEnd * outChannels, 0f);
        }
    }

    /**
     * The valid positions of a wide output ({@code rows x wideColumns} at {@code wide[wideOffset]})
     * into planes of {@code outHeight x outWidth} at {@code y[offset]}: copied, or added when
     * {@code accumulate}.
     */
    void unwiden(float[] wide, int wideOffset, int rows, float[] y, int offset, boolean accumulate) {
        int pixels = outHeight * outWidth;
        for (int r = 0; r < rows; r++) {
            for (int oy = 0; oy < outHeight; oy++) {
                int src = wideOffset + r * wideColumns + oy * paddedWidth;
                int dst = offset + r * pixels + oy * outWidth;
                if (accumulate) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        y[dst + ox] += wide[src + ox];
                    }
                } else {
                    System.arraycopy(wide, src, y, dst, outWidth);
                }
            }
        }
    }
}
