package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link WinogradKernel}: L tiles per step, the scalar twins' additions
 * lane by lane. Each returns the number of tiles done (a multiple of L); the caller finishes the rest.
 */
final class WinogradVector {

    private static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;

    private WinogradVector() {
    }

    static int inputTiles(float[] phases, int p00, int p01, int p10, int p11, int rowWidth, int columns,
                          float[] v, int out, int planes) {
        int p20 = p00 + rowWidth;
        int p21 = p01 + rowWidth;
        int p30 = p10 + rowWidth;
        int p31 = p11 + rowWidth;
        int end = SPECIES.loopBound(columns);
        for (int t = 0; t < end; t += SPECIES.length()) {
            FloatVector d00 = load(phases, p00 + t), d01 = load(phases, p01 + t);
            FloatVector d02 = load(phases, p00 + t + 1), d03 = load(phases, p01 + t + 1);
            FloatVector d10 = load(phases, p10 + t), d11 = load(phases, p11 + t);
            FloatVector d12 = load(phases, p10 + t + 1), d13 = load(phases, p11 + t + 1);
            FloatVector d20 = load(phases, p20 + t), d21 = load(phases, p21 + t);
            FloatVector d22 = load(phases, p20 + t + 1), d23 = load(phases, p21 + t + 1);
            FloatVector d30 = load(phases, p30 + t), d31 = load(phases, p31 + t);
            FloatVector d32 = load(phases, p30 + t + 1), d33 = load(phases, p31 + t + 1);
            FloatVector t00 = d00.sub(d20), t01 = d01.sub(d21), t02 = d02.sub(d22), t03 = d03.sub(d23);
            FloatVector t10 = d10.add(d20), t11 = d11.add(d21), t12 = d12.add(d22), t13 = d13.add(d23);
            FloatVector t20 = d20.sub(d10), t21 = d21.sub(d11), t22 = d22.sub(d12), t23 = d23.sub(d13);
            FloatVector t30 = d10.sub(d30), t31 = d11.sub(d31), t32 = d12.sub(d32), t33 = d13.sub(d33);
            int o = out + t;
            t00.sub(t02).intoArray(v, o);
            t01.add(t02).intoArray(v, o + planes);
            t02.sub(t01).intoArray(v, o + 2 * planes);
            t01.sub(t03).intoArray(v, o + 3 * planes);
            t10.sub(t12).intoArray(v, o + 4 * planes);
            t11.add(t12).intoArray(v, o + 5 * planes);
            t12.sub(t11).intoArray(v, o + 6 * planes);
            t11.sub(t13).intoArray(v, o + 7 * planes);
            t20.sub(t22).intoArray(v, o + 8 * planes);
            t21.add(t22).intoArray(v, o + 9 * planes);
            t22.sub(t21).intoArray(v, o + 10 * planes);
            t21.sub(t23).intoArray(v, o + 11 * planes);
            t30.sub(t32).intoArray(v, o + 12 * planes);
            t31.add(t32).intoArray(v, o + 13 * planes);
            t32.sub(t31).intoArray(v, o + 14 * planes);
            t31.sub(t33).intoArray(v, o + 15 * planes);
        }
        return end;
    }

    static int outputTiles(float[] m, int in, int planes, int count, float shift, float[] quads, int quadsAt,
                           int quadStride) {
        int end = SPECIES.loopBound(count);
        for (int t = 0; t < end; t += SPECIES.length()) {
            int i = in + t;
            FloatVector m00 = load(m, i), m01 = load(m, i + planes), m02 = load(m, i + 2 * planes), m03 = load(m, i + 3 * planes);
            FloatVector m10 = load(m, i + 4 * planes), m11 = load(m, i + 5 * planes);
            FloatVector m12 = load(m, i + 6 * planes), m13 = load(m, i + 7 * planes);
            FloatVector m20 = load(m, i + 8 * planes), m21 = load(m, i + 9 * planes);
            FloatVector m22 = load(m, i + 10 * planes), m23 = load(m, i + 11 * planes);
            FloatVector m30 = load(m, i + 12 * planes), m31 = load(m, i + 13 * planes);
            FloatVector m32 = load(m, i + 14 * planes), m33 = load(m, i + 15 * planes);
            FloatVector s00 = m00.add(m10).add(m20), s01 = m01.add(m11).add(m21);
            FloatVector s02 = m02.add(m12).add(m22), s03 = m03.add(m13).add(m23);
            FloatVector s10 = m10.sub(m20).sub(m30), s11 = m11.sub(m21).sub(m31);
            FloatVector s12 = m12.sub(m22).sub(m32), s13 = m13.sub(m23).sub(m33);
            int q = quadsAt + t;
            s00.add(s01).add(s02).add(shift).intoArray(quads, q);
            s01.sub(s02).sub(s03).add(shift).intoArray(quads, q + quadStride);
            s10.add(s11).add(s12).add(shift).intoArray(quads, q + 2 * quadStride);
            s11.sub(s12).sub(s13).add(shift).intoArray(quads, q + 3 * quadStride);
        }
        return end;
    }

    private static FloatVector load(float[] x, int index) {
        return FloatVector.fromArray(SPECIES, x, index);
    }

    private static final int LANES = SPECIES.length();
    /** Lane j takes element 2j (even) or 2j + 1 (odd) of two vectors side by side. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(SPECIES, j -> 2 * j);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(SPECIES, j -> 2 * j + 1);
    /** Lane j of the first (second) half of two interleaved vectors: e[j/2] or o[j/2] (+ L/2). */
    private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(SPECIES, j -> (j & 1) == 0 ? j >> 1 : LANES + (j >> 1));
    private static final VectorShuffle<Float> ZIP_HIGH = VectorShuffle.fromOp(SPECIES,
            j -> (j & 1) == 0 ? LANES / 2 + (j >> 1) : LANES + LANES / 2 + (j >> 1));

    /** {@link WinogradKernel#splitRows}: 2L columns per step, the masks of the last step made once. */
    static void splitRows(float[] x, int from, int xStride, int rows, int width,
                          float[] evens, int evenAt, float[] odds, int oddAt, int stride) {
        int full = width / (2 * LANES) * (2 * LANES);
        int left = width - full;
        VectorMask<Float> firstLoad = SPECIES.indexInRange(0, left);
        VectorMask<Float> secondLoad = SPECIES.indexInRange(LANES, left);
        VectorMask<Float> evenStore = SPECIES.indexInRange(0, (left + 1) >> 1);
        VectorMask<Float> oddStore = SPECIES.indexInRange(0, left >> 1);
        for (int r = 0; r < rows; r++) {
            int src = from + r * xStride;
            int e = evenAt + r * stride;
            int o = oddAt + r * stride;
            int column = 0;
            for (; column < full; column += 2 * LANES) {
                FloatVector first = FloatVector.fromArray(SPECIES, x, src + column);
                FloatVector second = FloatVector.fromArray(SPECIES, x, src + column + LANES);
                first.rearrange(EVEN, second).intoArray(evens, e + (column >> 1));
                first.rearrange(ODD, second).intoArray(odds, o + (column >> 1));
            }
            if (left > 0) {
                FloatVector first = FloatVector.fromArray(SPECIES, x, src + column, firstLoad);
                FloatVector second = FloatVector.fromArray(SPECIES, x, src + column + LANES, secondLoad);
                first.rearrange(EVEN, second).intoArray(evens, e + (column >> 1), evenStore);
                first.rearrange(ODD, second).intoArray(odds, o + (column >> 1), oddStore);
            }
        }
    }

    /** {@link WinogradKernel#mergeRows}: 2L columns per step, the masks of the last step made once. */
    static void mergeRows(float[] evens, int evenAt, float[] odds, int oddAt, int stride, int rows, int width,
                          float[] y, int to, int yStride, boolean accumulate) {
        int full = width / (2 * LANES) * (2 * LANES);
        int left = width - full;
        VectorMask<Float> evenLoad = SPECIES.indexInRange(0, (left + 1) >> 1);
        VectorMask<Float> oddLoad = SPECIES.indexInRange(0, left >> 1);
        VectorMask<Float> lowStore = SPECIES.indexInRange(0, left);
        VectorMask<Float> highStore = SPECIES.indexInRange(LANES, left);
        for (int r = 0; r < rows; r++) {
            int e = evenAt + r * stride;
            int o = oddAt + r * stride;
            int dst = to + r * yStride;
            int column = 0;
            for (; column < full; column += 2 * LANES) {
                FloatVector even = FloatVector.fromArray(SPECIES, evens, e + (column >> 1));
                FloatVector odd = FloatVector.fromArray(SPECIES, odds, o + (column >> 1));
                FloatVector low = even.rearrange(ZIP_LOW, odd);
                FloatVector high = even.rearrange(ZIP_HIGH, odd);
                if (accumulate) {
                    low = low.add(FloatVector.fromArray(SPECIES, y, dst + column));
                    high = high.add(FloatVector.fromArray(SPECIES, y, dst + column + LANES));
                }
                low.intoArray(y, dst + column);
                high.intoArray(y, dst + column + LANES);
            }
            if (left > 0) {
                FloatVector even = FloatVector.fromArray(SPECIES, evens, e + (column >> 1), evenLoad);
                FloatVector odd = FloatVector.fromArray(SPECIES, odds, o + (column >> 1), oddLoad);
                FloatVector low = even.rearrange(ZIP_LOW, odd);
                FloatVector high = even.rearrange(ZIP_HIGH, odd);
                if (accumulate) {
                    low = low.add(FloatVector.fromArray(SPECIES, y, dst + column, lowStore));
                    high = high.add(FloatVector.fromArray(SPECIES, y, dst + column + LANES, highStore));
                }
                low.intoArray(y, dst + column, lowStore);
                high.intoArray(y, dst + column + LANES, highStore);
            }
        }
    }

    /** Channels {@code [0, end)} of one tile of {@link WinogradKernel#gradientTilesChannelsLast}, L at a time. */
    static void gradientTileChannels(float[] gT, int p00, int p01, int p10, int p11, int end, float[] gt, int out,
                                     int stride) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int o = 0; o < end; o += LANES) {
            FloatVector y00 = p00 < 0 ? zero : load(gT, p00 + o);
            FloatVector y01 = p01 < 0 ? zero : load(gT, p01 + o);
            FloatVector y10 = p10 < 0 ? zero : load(gT, p10 + o);
            FloatVector y11 = p11 < 0 ? zero : load(gT, p11 + o);
            FloatVector r10 = y00.add(y10), r11 = y01.add(y11);
            FloatVector r20 = y00.sub(y10), r21 = y01.sub(y11);
            FloatVector r30 = y10.neg(), r31 = y11.neg();
            int i = out + o;
            y00.intoArray(gt, i);
            y00.add(y01).intoArray(gt, i + stride);
            y00.sub(y01).intoArray(gt, i + 2 * stride);
            y01.neg().intoArray(gt, i + 3 * stride);
            r10.intoArray(gt, i + 4 * stride);
            r10.add(r11).intoArray(gt, i + 5 * stride);
            r10.sub(r11).intoArray(gt, i + 6 * stride);
            r11.neg().intoArray(gt, i + 7 * stride);
            r20.intoArray(gt, i + 8 * stride);
            r20.add(r21).intoArray(gt, i + 9 * stride);
            r20.sub(r21).intoArray(gt, i + 10 * stride);
            r21.neg().intoArray(gt, i + 11 * stride);
            r30.intoArray(gt, i + 12 * stride);
            r30.add(r31).intoArray(gt, i + 13 * stride);
            r30.sub(r31).intoArray(gt, i + 14 * stride);
            r31.neg().intoArray(gt, i + 15 * stride);
        }
    }
}
