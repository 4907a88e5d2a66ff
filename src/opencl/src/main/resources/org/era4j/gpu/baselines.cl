// Device memory baselines for era bench: the same one-element-per-work-item launch shape as the
// ERA kernels, so the ratio ERA / baseline says how close a kernel is to what this device's memory
// system gives such a kernel.

// forward's traffic: read one float, write one float
__kernel void copy_floats(__global const float* x, __global float* y, ulong length) {
    size_t i = get_global_id(0);
    if (i < length) {
        y[i] = x[i];
    }
}

// backward's traffic (x and dy in, dx out): read two floats, write one
__kernel void read_read_write(__global const float* x, __global const float* dy, __global float* dx, ulong length) {
    size_t i = get_global_id(0);
    if (i < length) {
        dx[i] = x[i] + dy[i];
    }
}
