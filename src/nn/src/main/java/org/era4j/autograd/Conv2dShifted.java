package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.IndexedGemm;

/**
 * {@link Conv2d} for stride 1 without a column matrix ({@link ShiftedRows}): per sample, the input
 * is copied once into a zero-padded buffer and each GEMM reads its taps as shifted rows of it.
 * <ul>
 *   <li>forward: {@code y_n = W (O, K) taps(x_n) (K, wide)}, the valid positions copied out; or, for
 *       3x3 "same" layers with 16 or more channels each way, Winograd F(2x2, 3x3)
 *       ({@link Winograd3x3}: 2.25x fewer multiply-adds);</li>
 *   <li>weight gradient: {@code dW^T (K, O) += taps(x_n) (K, wide) g_n^T (wide, O)}, g_n transposed
 *       onto the wide grid with zeros at the dropped positions, so every element is the same FMA
 *       chain over the pixels as on the im2col path; on Winograd layers, {@code dU_xi^T += (B^T x_n B)_xi
 *       (A g_n A^T)_xi^T} per sample (g_n transposed to channels-last once) and {@code dW += G^T dU G} once;</li>
 *   <li>input gradient: {@code dx_n = flip(W)^T (C, O*kh*kw) taps(pad(g_n))}, the convolution of
 *       the output gradient with the flipped kernel (no col2im), on Winograd where the forward is.</li>
 * </ul>
 * Threads and summation order as in {@link Conv2d}: samples split across the GEMM's workers,
 * weight-gradient partials per fixed group of {@link Conv2d#GROUP} samples, added in group order;
 * every path is chosen by shape alone, so results do not depend on the thread count. Writing and
 * re-reading the column matrices of the im2col path was 13-15 % of a paper-CNN training step; that
 * path remains for strides above 1, first layers and tiny planes.
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
        Tensor out = Tensor.output(new int[] {batch, outChannels, geo.outHeight, geo.outWidth});
        float[] y = out.data();
        float[] x = input.data();
        float[] w = weight.data();
        float[] b = bias == null ? null : bias.data();
        // pooled arrays are taken on this thread (the pool is thread-local), one per worker
        int workers = gemm.workers(batch);
        Winograd3x3 winograd = Winograd3x3.applies(geo, outChannels)
                ? new Winograd3x3(geo.channels, outChannels, geo.height, geo.width) : null;
        if (winograd != null) {
            float[] u = BufferPool.take(winograd.weightSize(), false);
            winograd.transformWeights(w, false, u);
            Scratch scratch = new Scratch(winograd, workers);
            gemm.forEach(batch, (worker, from, to, serial) -> {
                for (int n = from; n < to; n++) {
                    scratch.convolve(worker, serial, u, x, n * inSample, y, n * outSample, b, false);
                }
            });
        } else {
            forwardShifted(gemm, x, w, b, y, shifted, batch, inSample, outSample, outChannels, rowsK, workers);
        }
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> backward(gemm, t.grad(), input, weight, bias, geo, shifted, adjoint), input, weight, bias);
    }

    private static void forwardShifted(Gemm gemm, float[] x, float[] w, float[] b, float[] y, ShiftedRows shifted,
                                       int batch, int inSample, int outSample, int outChannels, int rowsK, int workers) {
        int wide = shifted.wideColumns;
        int[] taps = shifted.tapRows();
        int[] weightRows = rowStarts(outChannels, rowsK);
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
        Winograd3x3 weightWinograd = needW && Winograd3x3.applies(geo, outChannels)
                ? new Winograd3x3(channels, outChannels, geo.height, geo.width) : null;
        boolean directW = needW && weightWinograd == null;
        int partialSize = weightWinograd != null ? Winograd3x3.POSITIONS * weightSize / kernel : weightSize;
        float[] partials = needW ? BufferPool.take(groups * partialSize, false) : null;
        WeightScratch weightScratch = weightWinograd != null ? new WeightScratch(weightWinograd, workers) : null;
        Winograd3x3 winograd = gx != null && Winograd3x3.applies(geo, outChannels)
                ? new Winograd3x3(outChannels, channels, geo.height, geo.width) : null;
        float[] adjointU = null;
        Scratch winogradScratch = null;
        if (winograd != null) {
            adjointU = BufferPool.take(winograd.weightSize(), false);
            winograd.transformWeights(w, true, adjointU);
            winogradScratch = new Scratch(winograd, workers);
        }
        // the direct weight gradient's row starts, only where it runs
        int[] taps = directW ? shifted.tapRows() : null;
        int[] gradientRows = directW ? rowStarts(wide, outChannels) : null;
        float[][] paddedX = new float[workers][];
        float[][] gradientT = new float[workers][];
        float[][] paddedG = new float[workers][];
        for (int worker = 0; worker < workers; worker++) {
            if (directW) {
                paddedX[worker] = BufferPool.take(shifted.paddedSize, false);
                gradientT[worker] = BufferPool.take(wide * outChannels, false);
            }
            if (gx != null && winograd == null) {
                paddedG[worker] = BufferPool.take(adjoint.paddedSize, false);
            }
        }
        // flip(W)^T: row c holds W[o][c][kh-1-ki][kw-1-kj] over (o, ki, kj)
        float[] flipped = null;
        int[] flippedRows = null;
        int[] adjointTaps = null;
        float[] dxWide = null;
        if (gx != null && winograd == null) {
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
        Scratch wino = winogradScratch;
        float[] winoU = adjointU;
        float[] biasSums = bias != null && bias.requiresGrad() ? BufferPool.take(batch * outChannels, false) : null;
        gemm.forEach(groups, (worker, from, to, serial) -> {
            for (int group = from; group < to; group++) {
                for (int n = group * Conv2d.GROUP; n < Math.min(batch, (group + 1) * Conv2d.GROUP); n++) {
                    if (weightScratch != null) {
                        weightScratch.accumulate(worker, serial, x, n * inSample, g, n * outSample,
                                n == group * Conv2d.GROUP ? 0f : 1f, partials, group * partialSize);
                    } else if (directW) {
                        shifted.pad(x, n * inSample, paddedX[worker]);
                        shifted.transposeWide(g, n * outSample, outChannels, gradientT[worker]);
                        IndexedGemm.multiply(rowsK, outChannels, wide, paddedX[worker], taps,
                                gradientT[worker], gradientRows, n == group * Conv2d.GROUP ? 0f : 1f,
                                partials, group * weightSize, outChannels);
                    }
                    if (winograd != null) {
                        wino.convolve(worker, serial, winoU, g, n * outSample, gx, n * inSample, null, true);
                    } else if (gx != null) {
                        int dxOffset = worker * channels * adjoint.wideColumns;
                        adjoint.pad(g, n * outSample, paddedG[worker]);
                        IndexedGemm.multiply(channels, adjoint.wideColumns, outChannels * kernel, flip, flipRows,
                                paddedG[worker], gTaps, 0f, dx, dxOffset, adjoint.wideColumns);
                        adjoint.unwiden(dx, dxOffset, channels, gx, n * inSample, true);
                    }
                    if (biasSums != null) {
                        Conv2d.planeSums(g, n, outChannels, pixels, biasSums);
                    }
                }
            }
        });
        if (weightWinograd != null) {
            // groups added in group order, then one transform back to 3x3
            for (int group = 1; group < groups; group++) {
                for (int i = 0; i < partialSize; i++) {
                    partials[i] += partials[group * partialSize + i];
                }
            }
            weightWinograd.addWeightGradient(partials, weight.gradForAccumulation());
        } else if (needW) {
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
        if (biasSums != null) {
            Conv2d.addBiasGradient(biasSums, bias.gradForAccumulation(), batch, outChannels);
        }
    }

    /** One worker's Winograd buffers, taken on the calling thread. */
    private static final class Scratch {
        private final Winograd3x3 winograd;
        private final float[][] phases;
        private final float[][] transformed;
        private final float[][] products;
        private final float[][] quads;

        Scratch(Winograd3x3 winograd, int workers) {
            this.winograd = winograd;
            phases = new float[workers][];
            transformed = new float[workers][];
            products = new float[workers][];
            quads = new float[workers][];
            for (int worker = 0; worker < workers; worker++) {
                phases[worker] = BufferPool.take(winograd.phaseSize(), false);
                transformed[worker] = BufferPool.take(winograd.transformedInputSize(), false);
                products[worker] = BufferPool.take(winograd.productSize(), false);
                quads[worker] = BufferPool.take(winograd.quadSize(), false);
            }
        }

        void convolve(int worker, Gemm serial, float[] u, float[] x, int xOffset, float[] y, int yOffset,
                      float[] bias, boolean accumulate) {
            winograd.convolve(serial, u, x, xOffset, y, yOffset, bias, accumulate, phases[worker], transformed[worker],
                    products[worker], quads[worker]);
        }
    }

    /** One worker's buffers for the Winograd weight gradient, taken on the calling thread. */
    private static final class WeightScratch {
        private final Winograd3x3 winograd;
        private final float[][] phases;
        private final float[][] transformed;
        private final float[][] gradient;
        private final float[][] transposed;

        WeightScratch(Winograd3x3 winograd, int workers) {
            this.winograd = winograd;
            phases = new float[workers][];
            transformed = new float[workers][];
            gradient = new float[workers][];
            transposed = new float[workers][];
            for (int worker = 0; worker < workers; worker++) {
                phases[worker] = BufferPool.take(winograd.phaseSize(), false);
                transformed[worker] = BufferPool.take(winograd.transformedInputSize(), false);
                gradient[worker] = BufferPool.take(winograd.productSize(), false);
                transposed[worker] = BufferPool.take(winograd.gradientScratch(), false);
            }
        }

        /** {@code du = beta du + (B^T x B) (A g A^T)^T} for one sample, at {@code du[duOffset]}. */
        void accumulate(int worker, Gemm serial, float[] x, int xOffset, float[] g, int gOffset, float beta,
                        float[] du, int duOffset) {
            winograd.splitInput(x, xOffset, phases[worker]);
            winograd.transformOutputGradient(g, gOffset, transposed[worker]);
            winograd.weightGradient(serial, phases[worker], transposed[worker], beta, du, duOffset, transformed[worker],
                    gradient[worker]);
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
