package org.era4j.autograd;

/**
 * Shapes of a 2-D window operation on NCHW input: kernel (kh, kw), stride, padding, and the
 * im2col / col2im transforms between a (C, H, W) sample and a (C*kh*kw, Ho*Wo) column matrix.
 */
final class ConvGeometry {

    final int channels;
    final int height;
    final int width;
    final int kh;
    final int kw;
    final int stride;
    final int outHeight;
    final int outWidth;
    final int padTop;
    final int padLeft;

    ConvGeometry(int[] inputShape, int kh, int kw, int stride, Padding padding) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException("2-D window operations need NCHW input, got shape "
                    + Shapes.toString(inputShape));
        }
        if (kh < 1 || kw < 1 || stride < 1) {
            throw new IllegalArgumentException("kernel and stride must be >= 1, got " + kh + "x" + kw + " stride " + stride);
        }
        this.channels = inputShape[1];
        this.height = inputShape[2];
        this.width = inputShape[3];
        this.kh = kh;
        this.kw = kw;
        this.stride = stride;
        this.outHeight = padding.outputLength(height, kh, stride);
        this.outWidth = padding.outputLength(width, kw, stride);
        this.padTop = padding.before(height, kh, stride);
        this.padLeft = padding.before(width, kw, stride);
    }

    int columnRows() {
        return channels * kh * kw;
    }

    int outPixels() {
        return outHeight * outWidth;
    }

    /** First output column whose input column {@code ox * stride - padLeft + kj} is >= 0. */
    int firstInside(int kj) {
        int shift = padLeft - kj;
        return shift <= 0 ? 0 : Math.min(outWidth, (shift + stride - 1) / stride);
    }

    /** One past the last output column whose input column is < width. */
    int endInside(int kj) {
        int limit = width - 1 + padLeft - kj;
        return limit < 0 ? 0 : Math.min(outWidth, limit / stride + 1);
    }

    /**
     * Fills {@code col} (C*kh*kw, Ho*Wo) at {@code col[colOffset]} from the sample at
     * {@code x[offset]}; padding reads 0.
     * The valid output columns of each row are computed once, so the inner loop has no bounds
     * tests (a plain copy for stride 1).
     */
    void im2col(float[] x, int offset, float[] col, int colOffset) {
        if (rowAligned()) {
            im2colAligned(x, offset, col, colOffset);
            return;
        }
        int pixels = outPixels();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    int x0 = firstInside(kj);
                    int x1 = Math.max(x0, endInside(kj));
                    int dst = colOffset + row * pixels;
                    for (int oy = 0; oy < outHeight; oy++, dst += outWidth) {
                        int iy = oy * stride - padTop + ki;
                        if (iy < 0 || iy >= height) {
                            java.util.Arrays.fill(col, dst, dst + outWidth, 0f);
                            continue;
                        }
                        java.util.Arrays.fill(col, dst, dst + x0, 0f);
                        int src = plane + iy * width + x0 * stride - padLeft + kj;
                        if (stride == 1) {
                            System.arraycopy(x, src, col, dst + x0, x1 - x0);
                        } else {
                            for (int ox = x0; ox < x1; ox++, src += stride) {
                                col[dst + ox] = x[src];
                            }
                        }
                        java.util.Arrays.fill(col, dst + x1, dst + outWidth, 0f);
                    }
                }
            }
        }
    }

    /**
     * Adds {@code col} (at {@code colOffset}) onto the sample gradient at {@code gx[offset]} (the
     * adjoint of im2col). {@code col} is scratch: its padded positions may be overwritten.
     */
    void col2im(float[] col, int colOffset, float[] gx, int offset) {
        if (rowAligned()) {
            col2imAligned(col, colOffset, gx, offset);
            return;
        }
        int pixels = outPixels();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    int x0 = firstInside(kj);
                    int x1 = Math.max(x0, endInside(kj));
                    int src = colOffset + row * pixels;
                    for (int oy = 0; oy < outHeight; oy++, src += outWidth) {
                        int iy = oy * stride - padTop + ki;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int dst = plane + iy * width + x0 * stride - padLeft + kj;
                        if (stride == 1) {
                            // unit stride: a plain indexed loop the JIT vectorises
                            int shift = dst - x0;
                            for (int ox = x0; ox < x1; ox++) {
                                gx[shift + ox] += col[src + ox];
                            }
                        } else {
                            for (int ox = x0; ox < x1; ox++, dst += stride) {
                                gx[dst] += col[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Stride 1 with the output as wide as the input ("same" padding, 1x1 kernels): every column
     * row is the input plane shifted by {@code (ki - padTop) * width + kj - padLeft}, so the valid
     * rows of each column row are one contiguous run of the plane, apart from the 0..kw-1
     * positions per row that wrap around the left or right edge.
     */
    private boolean rowAligned() {
        return stride == 1 && outWidth == width;
    }

    /** Valid output rows {@code [first, end)} of kernel row {@code ki} (input row inside the plane). */
    private int firstRowInside(int ki) {
        return Math.min(outHeight, Math.max(0, padTop - ki));
    }

    private int endRowInside(int ki) {
        return Math.max(firstRowInside(ki), Math.min(outHeight, height + padTop - ki));
    }

    /** One copy per column row (the valid span), then zeros in the padded rows and wrapped columns. */
    private void im2colAligned(float[] x, int offset, float[] col, int colOffset) {
        int pixels = outPixels();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                int oy0 = firstRowInside(ki);
                int oy1 = endRowInside(ki);
                for (int kj = 0; kj < kw; kj++, row++) {
                    int x0 = firstInside(kj);
                    int x1 = Math.max(x0, endInside(kj));
                    int dst = colOffset + row * pixels;
                    java.util.Arrays.fill(col, dst, dst + oy0 * width, 0f);
                    java.util.Arrays.fill(col, dst + oy1 * width, dst + pixels, 0f);
                    if (oy0 == oy1 || x0 == x1) {
                        java.util.Arrays.fill(col, dst + oy0 * width, dst + oy1 * width, 0f);
                        continue;
                    }
                    // from the first valid element of row oy0 to the last valid one of row oy1 - 1:
                    // every source index in between lies inside the plane
                    int from = oy0 * width + x0;
                    int to = (oy1 - 1) * width + x1;
                    int shift = (ki - padTop) * width + kj - padLeft;
                    System.arraycopy(x, plane + from + shift, col, dst + from, to - from);
                    for (int oy = oy0; oy < oy1; oy++) {
                        int rowStart = dst + oy * width;
                        java.util.Arrays.fill(col, rowStart, rowStart + x0, 0f);
                        java.util.Arrays.fill(col, rowStart + x1, rowStart + width, 0f);
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2colAligned}: the wrapped positions of each column row are zeroed in
     * {@code col} (they belong to padding), then the valid span is added onto the plane in one
     * unit-stride loop. {@code col} is the caller's scratch.
     */
    private void col2imAligned(float[] col, int colOffset, float[] gx, int offset) {
        int pixels = outPixels();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                int oy0 = firstRowInside(ki);
                int oy1 = endRowInside(ki);
                for (int kj = 0; kj < kw; kj++, row++) {
                    int x0 = firstInside(kj);
                    int x1 = Math.max(x0, endInside(kj));
                    if (oy0 == oy1 || x0 == x1) {
                        continue;
                    }
                    int src = colOffset + row * pixels;
                    int from = oy0 * width + x0;
                    int to = (oy1 - 1) * width + x1;
                    if (x0 > 0 || x1 < width) {
                        for (int oy = oy0; oy < oy1; oy++) {
                            int rowStart = src + oy * width;
                            java.util.Arrays.fill(col, rowStart, rowStart + x0, 0f);
                            java.util.Arrays.fill(col, rowStart + x1, rowStart + width, 0f);
                        }
                    }
                    int shift = plane + (ki - padTop) * width + kj - padLeft;
                    for (int p = from; p < to; p++) {
                        gx[shift + p] += col[src + p];
                    }
                }
            }
        }
    }
}
