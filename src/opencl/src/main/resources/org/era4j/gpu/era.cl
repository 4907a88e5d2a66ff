// ERA kernels: sigma(x) = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps).
// One parameter set is [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn] (4n + 2 floats).
//
// The arithmetic mirrors org.era4j.kernel.ScalarEraBackend operation for operation: explicit
// fma() where the CPU uses Math.fma, one division per fraction, and contraction
// switched off so the compiler cannot fuse any other multiply-add. Built without
// -cl-fast-relaxed-math and, where the device supports it, with
// -cl-fp32-correctly-rounded-divide-sqrt.
//
// Sharing: element i of a tensor uses set ((i / inner) % channels) / width, which covers
//   layer          inner = length, channels = 1, width = 1
//   channels-first (outer, C, inner): width = C / groups
//   channels-last  (outer, C):        inner = 1, width = C / groups
// Offsets (pOff, xOff, ...) count floats.

#pragma OPENCL FP_CONTRACT OFF

#define MAX_FRACTIONS 8
#define MAX_PARAMS 34

inline float era_value(__global const float* p, int n, float eps, float x) {
    float y = fma(p[0], x, p[1]);
    for (int i = 0; i < n; i++) {
        __global const float* pi = p + 2 + 4 * i;
        float ti = x - pi[2];
        float qi = fma(ti, ti, fma(pi[3], pi[3], eps));
        y += fma(pi[0], x, pi[1]) / qi;
    }
    return y;
}

// One fraction's share of the backward pass, w = 1/q; returns the slope so far.
inline float fraction_backward(float c, float d, float t, float w, float x, float g, float slope,
                               float* sums, int k) {
    float r = fma(c, x, d);
    float sw = r * w * w;
    float tsw = t * sw;
    slope = fma(c, w, slope);
    slope = fma(-2.0f, tsw, slope);
    float gw = g * w;
    sums[k] += gw * x;
    sums[k + 1] += gw;
    sums[k + 2] += g * tsw;
    sums[k + 3] += g * sw;
    return slope;
}

// dx for one element; adds raw parameter sums (e and f are finished in era_backward_finish).
// The loop runs to MAX_FRACTIONS and is unrolled so every sums[] index is a constant and the sums
// stay in registers; the guards on n are uniform across work-items.
inline float era_backward_element(__global const float* p, int n, float eps, float x, float g,
                                  float* sums) {
    float slope = p[0];
    sums[0] += g * x;
    sums[1] += g;
#pragma unroll
    for (int i = 0; i < MAX_FRACTIONS; i++) {
        if (i < n) {
            __global const float* pi = p + 2 + 4 * i;
            float ti = x - pi[2];
            float wi = 1.0f / fma(ti, ti, fma(pi[3], pi[3], eps));
            slope = fraction_backward(pi[0], pi[1], ti, wi, x, g, slope, sums, 2 + 4 * i);
        }
    }
    return g * slope;
}

// 64-bit division is slow on most devices; layer sharing (channels == 1) skips it.
inline ulong set_of(ulong i, ulong inner, uint channels, uint width) {
    return channels == 1 ? 0 : (ulong) ((uint) ((i / inner) % channels) / width);
}

// y[yOff + i] = sigma(x[xOff + i]) for i < length; one work-item per element, the global size
// rounded up to a fixed work-group size (surplus items return).
__kernel void era_forward(int n, float eps, __global const float* params, ulong pOff,
                          __global const float* x, ulong xOff, __global float* y, ulong yOff,
                          ulong length, ulong inner, uint channels, uint width) {
    ulong i = get_global_id(0);
    if (i >= length) {
        return;
    }
    __global const float* p = params + pOff + set_of(i, inner, channels, width) * (ulong) (4 * n + 2);
    y[yOff + i] = era_value(p, n, eps, x[xOff + i]);
}

// Stage 1 of the backward pass. Dimension 1 is the parameter set; along dimension 0 the work-items
// of a set stride over its perSet elements in a fixed pattern, write dx, and keep private sums.
// Each work-group then reduces its sums with a fixed tree in local memory (scratch: MAX_PARAMS x wg
// floats) and writes one partial per parameter: partials[(set * groups + group) * P + k]. No
// atomics, so the result depends only on the launch shape, which the host derives from the tensor
// shape and the device alone. Element j of a set lies at
// (o * channels + set * width) * inner + (j - o * width * inner), o = j / (width * inner). dx may be the same buffer as x or dy: each element is read, then written,
// by one work-item.
__kernel void era_backward_partials(int n, float eps, __global const float* params, ulong pOff,
                                    __global const float* x, ulong xOff,
                                    __global const float* dy, ulong dyOff,
                                    __global float* dx, ulong dxOff,
                                    ulong perSet, ulong inner, uint channels, uint width,
                                    __global float* partials, __local float* scratch) {
    uint lid = get_local_id(0);
    uint wg = get_local_size(0);
    uint group = get_group_id(0);
    uint groups = get_num_groups(0);
    uint set = get_global_id(1);
    int count = 4 * n + 2;
    __global const float* p = params + pOff + (ulong) set * (ulong) count;
    float sums[MAX_PARAMS];
#pragma unroll
    for (int k = 0; k < MAX_PARAMS; k++) {
        sums[k] = 0.0f;
    }
    ulong span = (ulong) width * inner;
    ulong stride = get_global_size(0);
    for (ulong j = get_global_id(0); j < perSet; j += stride) {
        ulong e = j;
        if (channels != 1) {
            ulong o = j / span;
            e = (o * channels + (ulong) set * width) * inner + (j - o * span);
        }
        float xi = x[xOff + e];
        float gi = dy[dyOff + e];
        dx[dxOff + e] = era_backward_element(p, n, eps, xi, gi, sums);
    }
    // scratch holds MAX_PARAMS rows of wg floats; every parameter is reduced by the same tree.
#pragma unroll
    for (int k = 0; k < MAX_PARAMS; k++) {
        scratch[k * wg + lid] = sums[k];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint step = wg / 2; step > 0; step >>= 1) {
        if (lid < step) {
            for (int k = 0; k < count; k++) {
                scratch[k * wg + lid] += scratch[k * wg + lid + step];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (uint k = lid; k < (uint) count; k += wg) {
        partials[((ulong) set * groups + group) * (ulong) count + k] = scratch[k * wg];
    }
}

// Stage 2: one work-item per (set, parameter k), id = set * P + k, adds the set's partials in group
// order, turns the raw e and f sums into gradients (de = 2 sum, df = -2 f sum) and accumulates into
// (or overwrites) dParams. One dimension and a fixed work-group size keep drivers from compiling a variant per shape.
__kernel void era_backward_finish(int n, __global const float* params, ulong pOff,
                                  __global const float* partials, uint groups,
                                  __global float* dParams, ulong dOff, uint sets, int accumulate) {
    uint id = get_global_id(0);
    uint count = (uint) (4 * n + 2);
    if (id >= sets * count) {
        return;
    }
    uint set = id / count;
    uint k = id - set * count;
    __global const float* partial = partials + (ulong) set * groups * (ulong) count + k;
    float s = 0.0f;
    for (uint g = 0; g < groups; g++) {
        s += partial[(ulong) g * (ulong) count];
    }
    if (k >= 2) {
        uint role = (k - 2) % 4;
        if (role == 2) {
            s = 2.0f * s;
        } else if (role == 3) {
            s = -2.0f * params[pOff + id] * s;
        }
    }
    // accumulate = 0: the host adds the sums itself (the same float addition), so dParams never
    // has to be uploaded
    dParams[dOff + id] = accumulate ? dParams[dOff + id] + s : s;
}
