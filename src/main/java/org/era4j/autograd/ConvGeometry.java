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

    /** Fills {@code col} (C*kh*kw, Ho*Wo) from the sample at {@code x[offset]}; padding reads 0. */
    void im2col(float[] x, int offset, float[] col) {
        int pixels = outPixels();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    int dst = row * pixels;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padTop + ki;
                        boolean rowInside = iy >= 0 && iy < height;
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride - padLeft + kj;
                            col[dst++] = rowInside && ix >= 0 && ix < width ? x[plane + iy * width + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds {@code col} back onto the sample gradient at {@code gx[offset]} (the adjoint of im2col). */
    void col2im(float[] col, float[] gx, int offset) {
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    int src = row * outPixels();
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride - padTop + ki;
                        boolean rowInside = iy >= 0 && iy < height;
                        for (int ox = 0; ox < outWidth; ox++, src++) {
                            int ix = ox * stride - padLeft + kj;
                            if (rowInside && ix >= 0 && ix < width) {
                                gx[plane + iy * width + ix] += col[src];
                            }
                        }
                    }
                }
            }
        }
    }
}
