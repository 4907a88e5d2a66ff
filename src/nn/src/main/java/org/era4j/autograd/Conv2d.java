package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.PlaneSums;

/**
 * 2-D convolution (cross-correlation, as in every framework): input (N, C, H, W), weight
 * (O, C, kh, kw), bias (O) or null, output (N, O, Ho, Wo). Stride 1 runs without a column matrix
 * ({@link Conv2dShifted}: shifted rows of the padded input, and Winograd F(2x2, 3x3) for 3x3 layers
 * with 16 or more channels) unless the layer has fewer than 16 column rows or its wide grid would
 * be more than 1/8 padding. Otherwise, per sample, im2col then one GEMM
 * {@code y_n = W (O, C*kh*kw) col_n (C*kh*kw, Ho*Wo)}. Backward recomputes the column matrix per
 * sample (rather than keeping N of them alive) and uses {@code dW^T += col_n g_n^T} (g_n packed, the
 * register-blocked kernel) or, for column matrices with fewer rows than output channels,
 * {@code dW += g_n col_n^T} (both read along the pixels, {@link Gemm#multiplyTransposedB}),
 * {@code dcol = W^T g_n} then col2im.
 *
 * <p><b>Threads.</b> Samples are split across the GEMM's workers ({@link Gemm#forEach}), each with
 * its own column buffer and single-threaded GEMM: one 64 x 784 x 576 GEMM per sample is too small
 * to split well by rows, and im2col/col2im then run in parallel too. The weight gradient is summed
 * per fixed group of {@link #GROUP} samples (in sample order, into the group's own buffer) and the
 * groups are added in group order afterwards, so results do not depend on the thread count.
 */
public final class Conv2d {

    /** Samples per weight-gradient partial sum: fixed, so the summation order is too. */
    static final int GROUP = 4;
    /**
     * Fewer column rows than this stay on im2col: a first layer's column matrix is small (9 rows
     * for one input channel), and its weight gradient runs faster on the lane-chain kernel than
     * after the transpose of the output gradient the shifted path needs.
     */
    static final int SHIFTED_MIN_TAPS = 16;

    private Conv2d() {
    }

    public static Tensor apply(Gemm gemm, Tensor input, Tensor weight, Tensor bias, int stride, Padding padding) {
        return apply(gemm, input, weight, bias, stride, padding, true);
    }

    /**
     * {@link #apply}, with {@code shiftedRows} false forcing the im2col path (tests run both
     * paths on one shape).
     */
    static Tensor apply(Gemm gemm, Tensor input, Tensor weight, Tensor bias, int stride, Padding padding,
                        boolean shiftedRows) {
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d weight must be (O, C, kh, kw), got " + weight);
        }
        ConvGeometry geo = new ConvGeometry(input.shape(), weight.dim(2), weight.dim(3), stride, padding);
        if (weight.dim(1) != geo.channels) {
            throw new IllegalArgumentException("conv2d: input " + input + " has " + geo.channels
                    + " channels, weight " + weight + " expects " + weight.dim(1));
        }
        int outChannels = weight.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outChannels)) {
            throw new IllegalArgumentException("conv2d bias " + bias + " must be (" + outChannels + ")");
        }
        ShiftedRows shifted = shiftedRows ? shiftedRows(geo, outChannels) : null;
        if (shifted != null) {
            return Conv2dShifted.apply(gemm, input, weight, bias, geo, shifted, shifted.adjoint(outChannels));
        }
        int batch = input.dim(0);
        int rowsK = geo.columnRows();
        int pixels = geo.outPixels();
        int inSample = geo.channels * geo.height * geo.width;
        int outSample = outChannels * pixels;
        int colSize = rowsK * pixels;
        Tensor out = Tensor.output(new int[] {batch, outChannels, geo.outHeight, geo.outWidth});
        float[] y = out.data();
        float[] x = input.data();
        float[] w = weight.data();
        float[] b = bias == null ? null : bias.data();
        // pooled arrays are taken on this thread (the pool is thread-local), one slice per worker
        float[] cols = BufferPool.take(gemm.workers(batch) * colSize, false);
        gemm.forEach(batch, (worker, from, to, serial) -> {
            int colOffset = worker * colSize;
            for (int n = from; n < to; n++) {
                geo.im2col(x, n * inSample, cols, colOffset);
                if (b != null) {
                    for (int o = 0; o < outChannels; o++) {
                        java.util.Arrays.fill(y, n * outSample + o * pixels, n * outSample + (o + 1) * pixels, b[o]);
                    }
                }
                serial.multiply(false, false, outChannels, pixels, rowsK, w, 0, rowsK, cols, colOffset, pixels,
                        b == null ? 0f : 1f, y, n * outSample, pixels);
            }
        });
        if (!Tensor.recording(input, weight, bias)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            boolean needW = weight.requiresGrad();
            float[] gx = input.requiresGrad() ? input.gradForAccumulation() : null;
            int groups = (batch + GROUP - 1) / GROUP;
            int weightSize = outChannels * rowsK;
            // each group's own dW (O, rowsK), or dW^T (rowsK, O); the kernel is chosen by shape only
            // (so results do not depend on the thread count), from per-sample timings of the three
            // (docs/benchmarks-training.md): the lane-chain kernel of multiplyTransposedB only for
            // narrow, long column matrices (the first layer: rowsK = 9, 784 pixels: 41 GF/s against
            // 18 and 1.6), dW^T = col g^T where rowsK >= O (the second conv: 84 against 34), else
            // dW = g col^T with col packed (MobileNet's pointwise layers, few pixels: 20-43 GF/s where
            // the lane chains, mostly reductions, ran at 0.1-4)
            WeightGradient path = WeightGradient.of(outChannels, rowsK, pixels);
            boolean transposedPartials = path == WeightGradient.TRANSPOSED;
            float[] partials = needW ? BufferPool.take(groups * weightSize, false) : null;
            float[] wt = null;
            if (gx != null) {
                wt = BufferPool.take(weightSize, false);
                for (int o = 0; o < outChannels; o++) {
                    for (int r = 0; r < rowsK; r++) {
                        wt[r * outChannels + o] = w[o * rowsK + r];
                    }
                }
            }
            float[] wT = wt;
            float[] work = BufferPool.take(gemm.workers(groups) * colSize, false);
            boolean biasGradient = bias != null && bias.requiresGrad();
            float[] biasSums = biasGradient && (needW || gx != null) ? BufferPool.take(batch * outChannels, false) : null;
            if (needW || gx != null) {
                gemm.forEach(groups, (worker, from, to, serial) -> {
                    int colOffset = worker * colSize;
                    for (int group = from; group < to; group++) {
                        for (int n = group * GROUP; n < Math.min(batch, (group + 1) * GROUP); n++) {
                            if (needW) {
                                geo.im2col(x, n * inSample, work, colOffset);
                                float beta = n == group * GROUP ? 0f : 1f;
                                switch (path) {
                                    // dW^T (K, O) += col_n g_n^T: the broadcast kernel with g_n packed once
                                    case TRANSPOSED -> serial.multiply(false, true, rowsK, outChannels, pixels,
                                            work, colOffset, pixels, g, n * outSample, pixels, beta,
                                            partials, group * weightSize, outChannels);
                                    // dW (O, K) += g_n col_n^T: the broadcast kernel with col_n packed
                                    case DIRECT -> serial.multiply(false, true, outChannels, rowsK, pixels,
                                            g, n * outSample, pixels, work, colOffset, pixels, beta,
                                            partials, group * weightSize, rowsK);
                                    // g_n (O, P) and col_n (K, P) both read along P: no packing
                                    case LANE_CHAINS -> Gemm.multiplyTransposedB(outChannels, rowsK, pixels,
                                            g, n * outSample, pixels, work, colOffset, pixels, beta,
                                            partials, group * weightSize, rowsK);
                                }
                            }
                            if (gx != null) {
                                serial.multiply(false, false, rowsK, pixels, outChannels, wT, 0, outChannels,
                                        g, n * outSample, pixels, 0f, work, colOffset, pixels);
                                geo.col2im(work, colOffset, gx, n * inSample);
                            }
                            if (biasSums != null) {
                                planeSums(g, n, outChannels, pixels, biasSums);
                            }
                        }
                    }
                });
            }
            if (needW) {
                float[] gw = weight.gradForAccumulation();
                for (int group = 0; group < groups; group++) {
                    int base = group * weightSize;
                    if (transposedPartials) {
                        for (int o = 0; o < outChannels; o++) {
                            for (int r = 0; r < rowsK; r++) {
                                gw[o * rowsK + r] += partials[base + r * outChannels + o];
                            }
                        }
                    } else {
                        for (int i = 0; i < weightSize; i++) {
                            gw[i] += partials[base + i];
                        }
                    }
                }
            }
            if (biasSums != null) {
                addBiasGradient(biasSums, bias.gradForAccumulation(), batch, outChannels);
            } else if (biasGradient) {
                biasGradient(gemm, g, bias.gradForAccumulation(), batch, outChannels, pixels);
            }
        }, input, weight, bias);
    }

    /** Whether {@link #apply} runs this shape without a column matrix. */
    static boolean takesShiftedRows(ConvGeometry geo, int outChannels) {
        return shiftedRows(geo, outChannels) != null;
    }

    /**
     * The shifted-row shape {@link #apply} takes for this layer, or null for im2col: stride 1, at
     * least {@link #SHIFTED_MIN_TAPS} column rows, and both wide grids worth it.
     */
    private static ShiftedRows shiftedRows(ConvGeometry geo, int outChannels) {
        if (geo.columnRows() < SHIFTED_MIN_TAPS) {
            return null;
        }
        ShiftedRows shifted = ShiftedRows.forward(geo);
        return shifted != null && shifted.worthIt() && shifted.adjoint(outChannels).worthIt() ? shifted : null;
    }

    /**
     * {@code gb[o] += sum over samples, pixels of g}: per channel, samples in order, each task
     * owning its channels; each plane summed in float64 by {@link PlaneSums} (a fixed lane order:
     * one scalar chain here was 2.5 % of a CNN training step).
     */
    static void biasGradient(Gemm gemm, float[] g, float[] gb, int batch, int outChannels, int pixels) {
        int outSample = outChannels * pixels;
        gemm.forEach(outChannels, (worker, from, to, serial) -> {
            for (int o = from; o < to; o++) {
                for (int n = 0; n < batch; n++) {
                    gb[o] += (float) PlaneSums.sum(g, n * outSample + o * pixels, pixels);
                }
            }
        });
    }

    /**
     * {@code sums[n * outChannels + o] = (float) sum of plane (n, o) of g}, in {@link PlaneSums}'
     * order: called by the backward pass right after sample n's GEMMs read its output gradient,
     * while that is still in cache, instead of another pass over the whole gradient.
     */
    static void planeSums(float[] g, int n, int outChannels, int pixels, float[] sums) {
        int base = n * outChannels * pixels;
        for (int o = 0; o < outChannels; o++) {
            sums[n * outChannels + o] = (float) PlaneSums.sum(g, base + o * pixels, pixels);
        }
    }

    /** {@code gb[o] += sums[n * outChannels + o]} over samples in order: {@link #biasGradient}'s result bit for bit. */
    static void addBiasGradient(float[] sums, float[] gb, int batch, int outChannels) {
        for (int o = 0; o < outChannels; o++) {
            for (int n = 0; n < batch; n++) {
                gb[o] += sums[n * outChannels + o];
            }
        }
    }

    /** How the weight gradient of one sample is computed (see the backward pass). */
    enum WeightGradient {
        LANE_CHAINS, TRANSPOSED, DIRECT;

        /** Fixed numbers rather than the lane count, so that every machine takes the same path. */
        static WeightGradient of(int outChannels, int rowsK, int pixels) {
            if (rowsK < 16 && pixels >= 256) {
                return LANE_CHAINS;
            }
            return rowsK >= outChannels ? TRANSPOSED : DIRECT;
        }
    }
}
