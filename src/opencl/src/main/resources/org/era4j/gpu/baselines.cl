// Device memory baselines for era bench, built with -DVEC=v, the ERA kernels' elements per
// work-item. Each traffic pattern comes in the ERA kernels' launch shape (VEC elements per
// work-item, same work-group) and as one element per work-item; the faster one is the device's
// rate, so the ratio ERA / baseline says how close a kernel is to what this device's memory gives.

#if VEC > 1
#define GLUE(a, b) a##b
#define XGLUE(a, b) GLUE(a, b)
#define LOADV(i, p) XGLUE(vload, VEC)(i, p)
#define STOREV(v, i, p) XGLUE(vstore, VEC)(v, i, p)
#else
#define LOADV(i, p) ((p)[i])
#define STOREV(v, i, p) ((p)[i] = (v))
#endif

// forward's traffic: read one float, write one float
__kernel void copy_floats(__global const float* x, __global float* y, ulong length) {
    size_t i = get_global_id(0);
    if (i < length) {
        y[i] = x[i];
    }
}

// the same per chunk of VEC floats; length is a multiple of VEC
__kernel void copy_chunks(__global const float* x, __global float* y, ulong chunks) {
    size_t i = get_global_id(0);
    if (i < chunks) {
        STOREV(LOADV(i, x), i, y);
    }
}

// backward's traffic (x and dy in, dx out): read two floats, write one
__kernel void read_read_write(__global const float* x, __global const float* dy, __global float* dx, ulong length) {
    size_t i = get_global_id(0);
    if (i < length) {
        dx[i] = x[i] + dy[i];
    }
}

// the same per chunk of VEC floats
__kernel void read_read_write_chunks(__global const float* x, __global const float* dy, __global float* dx, ulong chunks) {
    size_t i = get_global_id(0);
    if (i < chunks) {
        STOREV(LOADV(i, x) + LOADV(i, dy), i, dx);
    }
}
