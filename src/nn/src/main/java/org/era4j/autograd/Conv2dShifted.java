package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.IndexedGemm;

/**
 * {@link Conv2d} for stride 1 without a column matrix ({@link ShiftedRows}): per sample, the input
 * is copied once into a zero-padded buffer and each GEMM reads its taps as shifted rows of it.
 * <ul>
 *   <li>forward: {@code y_n = W (O, K) taps(x_n) (K, wide)}, the valid positions copied out;</li>
 *   <li>weight gradient: {@code dW^T (K, O) += taps(x_n) (K, wide) g_n^T (wide, O)}, g_n transposed
 *       onto the wide grid with zeros at the dropped positions, so every element is the same FMA
 *       chain over the pixels as on the im2col path;</li>
 *   <li>input gradient: {@code dx_n = flip(W)^T (C, O*kh*kw) taps(pad(g_n))}, the convolution of
 *       the output gradient with the flipped kernel (no col2im).</li>
 * </ul>
 * Threads and summation order as in {@link Conv2d}: samples split across the GEMM's workers,
 * weight-gradient partials per fixed group of {@link Conv2d#GROUP} samples, added in group order.
 * The im2col path (256 MFLOP per 64 samples of the paper CNN's second layer spent 13-15 % of a
 * training step writing and re-reading 0.9 MB column matrices) remains for strides above 1.
 */
final class Conv2dShifted {

    private Conv2dShifted() {
    }

    static Tensor apply(Gemm gemm, Tensor input, Tensor weight, Tensor bias, ConvGeometry geo,
                        ShiftedRows shifted, ShiftedRows adjoint) {
        int outChannels = weight.dim(0);
        int batch = input.dim(0);
        int rowsK = geo.columnRows();
        int pixels = geo.outPixels();
        int inSample = geo.channels * geo.height * geo.width;
        int outSample = outChannels * pixels;
        int wide = shifted.wideColumns;
        Tensor out = Tensor.output(new int[] {batch, outChannels, geo.outHeight, geo.outWidth});
        float[] y = out.data();
        float[] x = input.data();
        float[] w = weight.data();
        float[] b = bias == null ? null : bias.data();
        int[] taps = shifted.tapRows();
        int[] weightRows = rowStarts(outChannels, rowsK);
        // pooled arrays are taken on this thread (the pool is thread-local), one per worker
        int workers = gemm.workers(batch);
        float[][] padded = new float[workers][];
        for (int worker = 0; worker < workers; worker++) {
            padded[worker] = BufferPool.take(shifted.paddedSize, false);
        }
        float[] wideOut = BufferPool.take(workers * outChannels * wide, false);
        gemm.forEach(batch, (worker, from, to, serial) -> {
            int outOffset = worker * outChannels * wide;
            for (int n = from; n < to; n++) {
                shifted.pad(x, n * inSample, padded[worker]);
                if (b != null) {
                    for (int o = 0; o < outChannels; o++) {
                        java.util.Arrays.fill(wideOut, outOffset + o * wide, outOffset + (o + 1) * wide, b[o]);
                    }
                }
                IndexedGemm.multiply(outChannels, wide, rowsK, w, weightRows, padded[worker], taps,
                        b == null ? 0f : 1f, wideOut, outOffset, wide);
                shifted.unwiden(wideOut, outOffset, outChannels, y, n * outSample, false);
            }
        });
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> backward(gemm, t.grad(), input, weight, bias, geo, shifted, adjoint), input, weight, bias);
    }

    private static void backward(Gemm gemm, float[] g, Tensor input, Tensor weight, Tensor bias, ConvGeometry geo,
                                 ShiftedRows shifted, ShiftedRows adjoint) {
        int outChannels = weight.dim(0);
        int batch = input.dim(0);
        int channels = geo.channels;
        int kernel = geo.kh * geo.kw;
        int rowsK = geo.columnRows();
        int pixels = geo.outPixels();
        int inSample = channels * geo.height * geo.width;
        int outSample = outChannels * pixels;
        int wide = shifted.wideColumns;
        float[] x = input.data();
        float[] w = weight.data();
        boolean needW = weight.requiresGrad();
        float[] gx = input.requiresGrad() ? input.gradForAccumulation() : null;
        int groups = (batch + Conv2d.GROUP - 1) / Conv2d.GROUP;
        int weightSize = outChannels * rowsK;
        int workers = gemm.workers(groups);
        float[] partials = needW ? BufferPool.take(groups * weightSize, false) : null;
        int[] taps = shifted.tapRows();
        int[] gradientRows = rowStarts(wide, outChannels);
        float[][] paddedX = new float[workers][];
        float[][] gradientT = new float[workers][];
        float[][] paddedG = new float[workers][];
        for (int worker = 0; worker < workers; worker++) {
            if (needW) {
                paddedX[worker] = BufferPool.take(shifted.paddedSize, false);
                gradientT[worker] = BufferPool.take(wide * outChannels, false);
            }
            if (gx != null) {
                paddedG[worker] = BufferPool.take(adjoint.paddedSize, false);
            }
        }
        // flip(W)^T: row c holds W[o][c][kh-1-ki][kw-1-kj] over (o, ki, kj)
        float[] flipped = null;
        int[] flippedRows = null;
        int[] adjointTaps = null;
        float[] dxWide = null;
        if (gx != null) {
            int rowsAdjoint = outChannels * kernel;
            flipped = BufferPool.take(channels * rowsAdjoint, false);
            for (int c = 0; c < channels; c++) {
                for (int o = 0; o < outChannels; o++) {
                    for (int tap = 0; tap < kernel; tap++) {
                        flipped[c * rowsAdjoint + o * kernel + tap] = w[o * rowsK + c * kernel + kernel - 1 - tap];
                    }
                }
            }
            flippedRows = rowStarts(channels, rowsAdjoint);
            adjointTaps = adjoint.tapRows();
            dxWide = BufferPool.take(workers * channels * adjoint.wideColumns, false);
        }
        float[] flip = flipped;
        int[] flipRows = flippedRows;
        int[] gTaps = adjointTaps;
        float[] dx = dxWide;
        gemm.forEach(groups, (worker, from, to, serial) -> {
            for (int group = from; group < to; group++) {
                for (int n = group * Conv2d.GROUP; n < Math.min(batch, (group + 1) * Conv2d.GROUP); n++) {
                    if (needW) {
                        shifted.pad(x, n * inSample, paddedX[worker]);
                        shifted.transposeWide(g, n * outSample, outChannels, gradientT[worker]);
                        IndexedGemm.multiply(rowsK, outChannels, wide, paddedX[worker], taps,
                                gradientT[worker], gradientRows, n == group * Conv2d.GROUP ? 0f : 1f,
                                partials, group * weightSize, outChannels);
                    }
                    if (gx != null) {
                        int dxOffset = worker * channels * adjoint.wideColumns;
                        adjoint.pad(g, n * outSample, paddedG[worker]);
                        IndexedGemm.multiply(channels, adjoint.wideColumns, outChannels * kernel, flip, flipRows,
                                paddedG[worker], gTaps, 0f, dx, dxOffset, adjoint.wideColumns);
                        adjoint.unwiden(dx, dxOffset, channels, gx, n * inSample, true);
                    }
                }
            }
        });
        if (needW) {
            float[] gw = weight.gradForAccumulation();
            for (int group = 0; group < groups; group++) {
                int base = group * weightSize;
                for (int o = 0; o < outChannels; o++) {
                    for (int r = 0; r < rowsK; r++) {
                        gw[o * rowsK + r] += partials[base + r * outChannels + o];
                    }
                }
            }
        }
        if (bias != null && bias.requiresGrad()) {
            Conv2d.biasGradient(gemm, g, bias.gradForAccumulation(), batch, outChannels, pixels);
        }
    }

    /** {@code rows} row starts {@code r * width}: a plain row-major matrix for {@link IndexedGemm}. */
    private static int[] rowStarts(int rows, int width) {
        int[] starts = new int[rows];
        for (int r = 0; r < rows; r++) {
            starts[r] = r * width;
        }
        return starts;
    }
}
