// ERA kernels: sigma(x) = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps).
// One parameter set is [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn] (4n + 2 floats).
//
// Built once per fraction count with -DFRACTIONS=n -DVEC=v -DITEMS=k (see ClEraKernels):
//   FRACTIONS  n, so every loop over fractions unrolls and the backward sums stay in registers;
//   VEC        elements per work-item and chunk (1, 2, 4, 8 or 16): the device's preferred float
//              vector width. On GPUs it is 1 (work-items are the lanes). CPU drivers such as PoCL
//              run a work-group as a loop over its work-items and leave that loop scalar when the
//              kernel calls fma() (LLVM cannot vectorise across the library call), so there an
//              explicit floatN per work-item is what reaches the vector units;
//   ITEMS      chunks each backward work-item takes per pass, unrolled (a loop whose trip count
//              differs between work-items keeps PoCL from vectorising the body).
//
// The arithmetic mirrors org.era4j.kernel.ScalarEraBackend operation for operation, lane by lane:
// explicit fma() where the CPU uses Math.fma, one division per fraction, and contraction switched
// off so the compiler cannot fuse any other multiply-add. Built without -cl-fast-relaxed-math and,
// where the device supports it, with -cl-fp32-correctly-rounded-divide-sqrt.
//
// Sharing: a tensor is a sequence of runs of `span` contiguous elements that use one parameter
// set; run r uses set r % sets. That covers
//   layer          span = length, sets = 1
//   channels-first (outer, C, inner): span = (C / groups) * inner
//   channels-last  (outer, C):        span = C / groups
// A run is cut into chunks of VEC elements; its last chunk may be short (`len` < VEC), and is
// then loaded padded with x = 0 and dy = 0, which add exactly nothing to any parameter sum.
// Offsets (pOff, xOff, ...) count floats.

#pragma OPENCL FP_CONTRACT OFF

#define PARAMS (4 * FRACTIONS + 2)

#if VEC == 1
typedef float floatv;
#define LOADV(p) (*(p))
#define STOREV(v, p) (*(p) = (v))
#else
#define GLUE(a, b) a##b
#define XGLUE(a, b) GLUE(a, b)
typedef XGLUE(float, VEC) floatv;
#define LOADV(p) XGLUE(vload, VEC)(0, p)
#define STOREV(v, p) XGLUE(vstore, VEC)(v, 0, p)
#endif

inline floatv load_chunk(__global const float* p, uint len) {
#if VEC == 1
    return *p;
#else
    if (len == VEC) {
        return LOADV(p);
    }
    float padded[VEC];
#pragma unroll
    for (uint k = 0; k < VEC; k++) {
        padded[k] = k < len ? p[k] : 0.0f;
    }
    return LOADV(padded);
#endif
}

inline void store_chunk(floatv v, __global float* p, uint len) {
#if VEC == 1
    *p = v;
#else
    if (len == VEC) {
        STOREV(v, p);
        return;
    }
    float lanes[VEC];
    STOREV(v, lanes);
    for (uint k = 0; k < len; k++) {
        p[k] = lanes[k];
    }
#endif
}

// Sum of the lanes by a fixed tree (lane i + lane i + VEC/2, halving).
inline float lane_sum(floatv v) {
#if VEC == 16
    float8 v8 = v.lo + v.hi;
#elif VEC == 8
    float8 v8 = v;
#endif
#if VEC >= 8
    float4 v4 = v8.lo + v8.hi;
#elif VEC == 4
    float4 v4 = v;
#endif
#if VEC >= 4
    float2 v2 = v4.lo + v4.hi;
#elif VEC == 2
    float2 v2 = v;
#endif
#if VEC >= 2
    return v2.lo + v2.hi;
#else
    return v;
#endif
}

inline floatv era_value(__global const float* p, float eps, floatv x) {
    floatv y = fma((floatv) p[0], x, (floatv) p[1]);
#pragma unroll
    for (int i = 0; i < FRACTIONS; i++) {
        __global const float* pi = p + 2 + 4 * i;
        floatv ti = x - pi[2];
        floatv qi = fma(ti, ti, (floatv) fma(pi[3], pi[3], eps));
        y += fma((floatv) pi[0], x, (floatv) pi[1]) / qi;
    }
    return y;
}

// dx for one chunk; adds raw parameter sums per lane (e and f are finished in era_backward_finish).
// dx follows the CPU's operations exactly; the sums, whose order differs from the CPU's anyway,
// use fused multiply-adds.
inline floatv era_backward_chunk(__global const float* p, float eps, floatv x, floatv g, floatv* sums) {
    floatv slope = (floatv) p[0];
    sums[0] = fma(g, x, sums[0]);
    sums[1] += g;
#pragma unroll
    for (int i = 0; i < FRACTIONS; i++) {
        __global const float* pi = p + 2 + 4 * i;
        floatv c = (floatv) pi[0];
        floatv ti = x - pi[2];
        floatv wi = 1.0f / fma(ti, ti, (floatv) fma(pi[3], pi[3], eps));
        floatv r = fma(c, x, (floatv) pi[1]);
        floatv sw = r * wi * wi;
        floatv tsw = ti * sw;
        slope = fma(c, wi, slope);
        slope = fma((floatv) -2.0f, tsw, slope);
        floatv gw = g * wi;
        sums[2 + 4 * i] = fma(gw, x, sums[2 + 4 * i]);
        sums[3 + 4 * i] += gw;
        sums[4 + 4 * i] = fma(g, tsw, sums[4 + 4 * i]);
        sums[5 + 4 * i] = fma(g, sw, sums[5 + 4 * i]);
    }
    return g * slope;
}

// y[yOff + i] = sigma(x[xOff + i]); one work-item per chunk, the global size rounded up to a
// fixed work-group size (surplus items return). y may be x: each chunk is read, then written, by
// one work-item.
__kernel void era_forward(float eps, __global const float* params, ulong pOff,
                          __global const float* x, ulong xOff, __global float* y, ulong yOff,
                          ulong span, ulong chunksPerRun, ulong chunks, uint sets) {
    ulong c = get_global_id(0);
    if (c >= chunks) {
        return;
    }
    // 64-bit division is slow on most devices; one run (layer sharing) skips it
    ulong run = chunksPerRun == chunks ? 0 : c / chunksPerRun;
    ulong pos = (c - run * chunksPerRun) * VEC;
    uint len = (uint) min((ulong) VEC, span - pos);
    ulong e = run * span + pos;
    __global const float* p = params + pOff + (sets == 1 ? 0 : run % sets) * (ulong) PARAMS;
    store_chunk(era_value(p, eps, load_chunk(x + xOff + e, len)), y + yOff + e, len);
}

// Stage 1 of the backward pass. Dimension 1 is the parameter set; along dimension 0 the work-items
// of a set take its chunks in a fixed pattern (ITEMS per pass, strided by the global size), write
// dx, and keep private sums per lane. Each work-item adds its lanes by a fixed tree, then each
// work-group reduces its sums with a fixed tree in local memory (scratch: PARAMS x wg floats) and
// writes one partial per parameter: partials[(set * groups + group) * PARAMS + k]. No atomics, so
// the result depends only on the launch shape, which the host derives from the tensor shape and
// the device alone. Chunk j of a set lies in the set's run o = j / chunksPerRun, that is run
// o * sets + set. dx may be the same buffer as x or dy: each chunk is read, then written, by one
// work-item.
__kernel void era_backward_partials(float eps, __global const float* params, ulong pOff,
                                    __global const float* x, ulong xOff,
                                    __global const float* dy, ulong dyOff,
                                    __global float* dx, ulong dxOff,
                                    ulong span, ulong chunksPerRun, ulong chunksPerSet, uint sets,
                                    __global float* partials, __local float* scratch) {
    uint lid = get_local_id(0);
    uint wg = get_local_size(0);
    uint group = get_group_id(0);
    uint groups = get_num_groups(0);
    uint set = get_global_id(1);
    __global const float* p = params + pOff + (ulong) set * PARAMS;
    floatv sums[PARAMS];
#pragma unroll
    for (int k = 0; k < PARAMS; k++) {
        sums[k] = 0.0f;
    }
    ulong stride = get_global_size(0);
    ulong first = get_global_id(0);
    // the pass count is the same for every work-item: the bound-dependent test is inside
    for (ulong pass = 0; pass < chunksPerSet; pass += stride * ITEMS) {
#pragma unroll
        for (int item = 0; item < ITEMS; item++) {
            ulong j = pass + item * stride + first;
            if (j < chunksPerSet) {
                ulong o = chunksPerRun == chunksPerSet ? 0 : j / chunksPerRun;
                ulong pos = (j - o * chunksPerRun) * VEC;
                uint len = (uint) min((ulong) VEC, span - pos);
                ulong e = (o * sets + set) * span + pos;
                // the full-chunk call on its own measured 1.3x faster on PoCL than through load_chunk
                if (len == VEC) {
                    STOREV(era_backward_chunk(p, eps, LOADV(x + xOff + e), LOADV(dy + dyOff + e), sums),
                           dx + dxOff + e);
                } else {
                    floatv xi = load_chunk(x + xOff + e, len);
                    floatv gi = load_chunk(dy + dyOff + e, len);
                    store_chunk(era_backward_chunk(p, eps, xi, gi, sums), dx + dxOff + e, len);
                }
            }
        }
    }
    // scratch holds PARAMS rows of wg floats; every parameter is reduced by the same tree.
#pragma unroll
    for (int k = 0; k < PARAMS; k++) {
        scratch[k * wg + lid] = lane_sum(sums[k]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint step = wg / 2; step > 0; step >>= 1) {
        if (lid < step) {
#pragma unroll
            for (int k = 0; k < PARAMS; k++) {
                scratch[k * wg + lid] += scratch[k * wg + lid + step];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (uint k = lid; k < (uint) PARAMS; k += wg) {
        partials[((ulong) set * groups + group) * (ulong) PARAMS + k] = scratch[k * wg];
    }
}

// Stage 2: one work-item per (set, parameter k), id = set * PARAMS + k, adds the set's partials in
// group order, turns the raw e and f sums into gradients (de = 2 sum, df = -2 f sum) and
// accumulates into (or overwrites) dParams. One dimension and a fixed work-group size keep drivers
// from compiling a variant per shape.
__kernel void era_backward_finish(__global const float* params, ulong pOff,
                                  __global const float* partials, uint groups,
                                  __global float* dParams, ulong dOff, uint sets, int accumulate) {
    uint id = get_global_id(0);
    if (id >= sets * PARAMS) {
        return;
    }
    uint set = id / PARAMS;
    uint k = id - set * PARAMS;
    __global const float* partial = partials + (ulong) set * groups * (ulong) PARAMS + k;
    float s = 0.0f;
    for (uint g = 0; g < groups; g++) {
        s += partial[(ulong) g * (ulong) PARAMS];
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
