package org.era4j.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The ERA kernels TornadoVM compiles (KernelContext style, one work-item per element):
 * <pre>
 *   sigma(x) = a x + b + sum_{i=1..n} (c_i x + d_i) / q_i,   q_i = (x - e_i)^2 + f_i^2 + eps
 * </pre>
 * Buffers: {@code shape} as in {@link KernelShape}; {@code params[0] = eps}, then the parameter
 * sets one after another from {@link #PARAMS_BASE}, each laid out
 * {@code [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn]}.
 *
 * <p>Backward is fused: one pass writes {@code dx = dy sigma'(x)} and every parameter gradient.
 * Each work-group owns one tile of one set; each work-item sums its strided elements into its
 * own column of local memory, the columns are combined by a tree over the work-group (fixed
 * pairing), and work-item {@code k} of the group writes parameter {@code k}'s partial. A second
 * kernel adds a set's partials tile by tile in order. Nothing depends on scheduling, so results
 * are bitwise reproducible on a given device. TornadoVM's {@code @Reduce} is deliberately not
 * used: on PoCL it returns wrong sums above 8192 elements.
 *
 * <p>Per fraction, with {@code t = x - e}, {@code r = c x + d}, {@code w = 1/q}:
 * {@code d/dx = c w - 2 t r w^2}, {@code d/dc = x w}, {@code d/dd = w}, {@code d/de = 2 t r w^2},
 * {@code d/df = -2 f r w^2}; {@code d/da = x}, {@code d/db = 1}. The raw sums of {@code t r w^2}
 * and {@code r w^2} are scaled by {@code 2} and {@code -2 f} in the final kernel, as the CPU
 * backends do. One division per fraction (no pairing): {@code q >= eps > 0}, and for
 * {@code |x| < 1e19} no intermediate overflows.
 */
final class EraKernels {

    /** Work-items per work-group; also the width of the local-memory tree. Power of two, >= 34. */
    static final int GROUP = 64;
    /** Elements each work-item of a backward work-group visits (strided by {@link #GROUP}). */
    static final int ITEMS = 16;
    /** Elements of one set covered by one backward work-group. */
    static final int TILE = GROUP * ITEMS;
    /** Largest parameter count (n = 8). */
    static final int MAX_PARAMETERS = 34;
    /** Where the first parameter set starts in the params buffer (index 0 holds eps). */
    static final int PARAMS_BASE = 1;

    private EraKernels() {
    }

    /** {@code y[i] = sigma_set(i)(x[i])}. Launch: {@link KernelShape#forwardThreads()}. */
    static void forward(KernelContext context, IntArray shape, FloatArray params, FloatArray x, FloatArray y) {
        int i = context.globalIdx;
        if (i < shape.get(KernelShape.LENGTH)) {
            int n = shape.get(KernelShape.FRACTIONS);
            int set = ((i / shape.get(KernelShape.INNER)) % shape.get(KernelShape.CHANNELS)) / shape.get(KernelShape.WIDTH);
            int o = PARAMS_BASE + set * (4 * n + 2);
            float eps = params.get(0);
            float xv = x.get(i);
            float value = params.get(o) * xv + params.get(o + 1);
            for (int f = 0; f < n; f++) {
                int base = o + 2 + 4 * f;
                float t = xv - params.get(base + 2);
                float fv = params.get(base + 3);
                float q = t * t + (fv * fv + eps);
                value += (params.get(base) * xv + params.get(base + 1)) / q;
            }
            y.set(i, value);
        }
    }

    /**
     * Fused backward, first stage: {@code dx} and one partial sum per (work-group, parameter) in
     * {@code partials[group * p + k]}, raw (before the e/f scaling). Launch:
     * {@link KernelShape#backwardThreads()} in groups of {@link #GROUP}.
     */
    static void backward(KernelContext context, IntArray shape, FloatArray params, FloatArray x, FloatArray dy,
                         FloatArray dx, FloatArray partials) {
        // Column k of work-item lid lives at sums[k * GROUP + lid]: each item owns its column, so
        // accumulation needs no synchronisation.
        float[] sums = context.allocateFloatLocalArray(GROUP * MAX_PARAMETERS);
        int lid = context.localIdx;
        int group = context.groupIdx;
        int n = shape.get(KernelShape.FRACTIONS);
        int p = 4 * n + 2;
        int channels = shape.get(KernelShape.CHANNELS);
        int width = shape.get(KernelShape.WIDTH);
        int inner = shape.get(KernelShape.INNER);
        int perSet = shape.get(KernelShape.PER_SET);
        int tiles = shape.get(KernelShape.TILES);
        int set = group / tiles;
        int tile = group % tiles;
        int o = PARAMS_BASE + set * p;
        float eps = params.get(0);
        for (int k = 0; k < p; k++) {
            sums[k * GROUP + lid] = 0.0f;
        }
        for (int item = 0; item < ITEMS; item++) {
            int k = tile * TILE + item * GROUP + lid;
            if (k < perSet) {
                int t0 = k / inner;
                int i = ((t0 / width) * channels + set * width + t0 % width) * inner + k % inner;
                float xv = x.get(i);
                float g = dy.get(i);
                float slope = params.get(o);
                sums[lid] += g * xv;
                sums[GROUP + lid] += g;
                for (int f = 0; f < n; f++) {
                    int base = o + 2 + 4 * f;
                    float c = params.get(base);
                    float t = xv - params.get(base + 2);
                    float fv = params.get(base + 3);
                    float w = 1.0f / (t * t + (fv * fv + eps));
                    float sw = (c * xv + params.get(base + 1)) * w * w;
                    float tsw = t * sw;
                    slope += c * w;
                    slope -= 2.0f * tsw;
                    float gw = g * w;
                    int column = (2 + 4 * f) * GROUP + lid;
                    sums[column] += gw * xv;
                    sums[column + GROUP] += gw;
                    sums[column + 2 * GROUP] += g * tsw;
                    sums[column + 3 * GROUP] += g * sw;
                }
                dx.set(i, g * slope);
            }
        }
        for (int stride = GROUP / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (lid < stride) {
                for (int k = 0; k < p; k++) {
                    sums[k * GROUP + lid] += sums[k * GROUP + lid + stride];
                }
            }
        }
        context.localBarrier();
        if (lid < p) {
            partials.set(group * p + lid, sums[lid * GROUP]);
        }
    }

    /**
     * Second stage: {@code gradients[s * p + k]} = the partials of set {@code s}, parameter
     * {@code k}, added tile by tile in order, then scaled ({@code 2} for e, {@code -2 f} for f).
     * Launch: {@link KernelShape#reduceThreads()}.
     */
    static void reduce(KernelContext context, IntArray shape, FloatArray params, FloatArray partials,
                       FloatArray gradients) {
        int id = context.globalIdx;
        int n = shape.get(KernelShape.FRACTIONS);
        int p = 4 * n + 2;
        int sets = shape.get(KernelShape.SETS);
        if (id < sets * p) {
            int tiles = shape.get(KernelShape.TILES);
            int set = id / p;
            int k = id % p;
            float sum = 0.0f;
            for (int tile = 0; tile < tiles; tile++) {
                sum += partials.get((set * tiles + tile) * p + k);
            }
            float scale = 1.0f;
            if (k >= 2) {
                int role = (k - 2) % 4;
                if (role == 2) {
                    scale = 2.0f;
                } else if (role == 3) {
                    scale = -2.0f * params.get(PARAMS_BASE + id);
                }
            }
            gradients.set(id, scale * sum);
        }
    }
}
