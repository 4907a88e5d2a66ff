package org.era4j.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * The ERA kernels of {@code era.cl} built on one device, operating on device-resident
 * {@link ClBuffer}s: the API for training loops that keep activations, gradients and parameters on
 * the device across layers and steps, copying only what the host really needs.
 *
 * <pre>
 *   forward:  y[i]  = sigma_s(x[i])                         s = set of element i under the sharing
 *   backward: dx[i] = dy[i] * sigma_s'(x[i])                (overwritten)
 *             dParams[s*P + k] += sum_{i in s} dy[i] * d sigma_s(x[i]) / d p_k     (P = 4n + 2)
 * </pre>
 * Offsets and lengths count floats. {@code y} may be {@code x} and {@code dx} may be {@code x} or
 * {@code dy} (same buffer, same offset); partial overlaps are rejected.
 *
 * <p>Parameter gradients are reduced deterministically: per work-group partial sums through a fixed
 * tree in local memory, then one fixed-order pass over the groups. The launch shape depends only
 * on the tensor shape and the device, so the same inputs on the same device give the same bits.
 *
 * <p>Calls are synchronous and serialised on one queue; close the kernels to release the program,
 * queue and context (buffers made by {@link #allocate} must be closed first).
 */
public final class ClEraKernels implements AutoCloseable {

    /** Largest work-group used by the backward reduction (power of two). */
    static final int MAX_WORK_GROUP = 64;
    /** Elements each work-item of the backward pass handles, on average, before groups are capped. */
    static final int ELEMENTS_PER_ITEM = 16;
    /** Cap on work-groups per parameter set, and on (sets x groups) overall / 16. */
    static final int MAX_GROUPS_PER_SET = 256;
    static final int MAX_PARTIAL_GROUPS = 1 << 16;
    /** Floats in the largest parameter set ({@code 4 * 8 + 2}); rows of the reduction's local memory. */
    static final int MAX_PARAMS = 4 * EraSpec.MAX_FRACTIONS + 2;

    private final ClContext context;
    private final ClQueue queue;
    private final ClProgram program;
    private final ClKernel forward;
    private final ClKernel partials;
    private final ClKernel finish;
    private final int workGroup;
    private final String buildOptions;
    private ClBuffer partialSums;

    private ClEraKernels(ClContext context) {
        this.context = context;
        ClQueue q = null;
        ClProgram p = null;
        ClKernel f = null;
        ClKernel b = null;
        ClKernel r = null;
        try {
            q = ClQueue.create(context);
            ClDevice device = context.device();
            String options = "";
            if (!device.openclCVersion().contains("1.0") && !device.openclCVersion().contains("1.1")) {
                options = "-cl-std=CL1.2";
            }
            if (device.correctlyRoundedDivide()) {
                options += " -cl-fp32-correctly-rounded-divide-sqrt";
            }
            p = ClProgram.build(context, source(), options.strip());
            f = ClKernel.create(p, "era_forward");
            b = ClKernel.create(p, "era_backward_partials");
            r = ClKernel.create(p, "era_backward_finish");
            long limit = Math.min(Math.min(b.maxWorkGroupSize(), device.maxWorkGroupSize()),
                    Math.min(f.maxWorkGroupSize(), r.maxWorkGroupSize()));
            int wg = 1;
            long localLimit = (device.localMemory() / 2) / ((long) MAX_PARAMS * Float.BYTES);
            while (wg * 2 <= Math.min(Math.min(MAX_WORK_GROUP, limit), localLimit)) {
                wg *= 2;
            }
            this.buildOptions = options.strip();
            this.workGroup = wg;
        } catch (RuntimeException e) {
            try {
                closeQuietly(r, b, f, p, q);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.queue = q;
        this.program = p;
        this.forward = f;
        this.partials = b;
        this.finish = r;
    }

    /** Builds the kernels in a new context on {@code device}; the kernels own the context. */
    public static ClEraKernels create(ClDevice device) {
        ClContext context = ClContext.create(device);
        try {
            return new ClEraKernels(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The queue every call of these kernels runs on (device baselines share it). */
    ClQueue queue() {
        return queue;
    }

    /** The OpenCL C source, {@code org/era4j/gpu/era.cl} on the class path. */
    public static String source() {
        try (InputStream in = ClEraKernels.class.getResourceAsStream("era.cl")) {
            if (in == null) {
                throw new IllegalStateException("resource org/era4j/gpu/era.cl is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ClDevice device() {
        return context.device();
    }

    public ClContext context() {
        return context;
    }

    /** Options the program was built with. */
    public String buildOptions() {
        return buildOptions;
    }

    /** Work-group size of every launch on this device (the backward reduction's tree width). */
    public int workGroup() {
        return workGroup;
    }

    /** Kernel and transfer time on this device so far. */
    public ClTimings timings() {
        return queue.timings();
    }

    /** A device buffer of {@code floats} floats (at least one); the caller closes it. */
    public ClBuffer allocate(long floats) {
        return ClBuffer.allocate(context, floats);
    }

    /** Host floats {@code source[offset, offset + length)} to {@code target[targetOffset ..]}. */
    public void write(float[] source, int offset, int length, ClBuffer target, long targetOffset) {
        HostRanges.range("source", source, offset, length);
        queue.write(MemorySegment.ofArray(source).asSlice((long) offset * Float.BYTES, (long) length * Float.BYTES),
                target, targetOffset, length);
    }

    /** Device floats {@code source[sourceOffset, sourceOffset + length)} to {@code target[offset ..]}. */
    public void read(ClBuffer source, long sourceOffset, float[] target, int offset, int length) {
        HostRanges.range("target", target, offset, length);
        queue.read(source, sourceOffset,
                MemorySegment.ofArray(target).asSlice((long) offset * Float.BYTES, (long) length * Float.BYTES), length);
    }

    /** {@link #write(float[], int, int, ClBuffer, long)} from a heap or native segment of floats. */
    public void write(MemorySegment source, long offset, long length, ClBuffer target, long targetOffset) {
        HostRanges.range("source", source, offset, length);
        queue.write(source.asSlice(offset * Float.BYTES, length * Float.BYTES), target, targetOffset, length);
    }

    /** {@link #read(ClBuffer, long, float[], int, int)} into a heap or native segment of floats. */
    public void read(ClBuffer source, long sourceOffset, MemorySegment target, long offset, long length) {
        HostRanges.range("target", target, offset, length);
        queue.read(source, sourceOffset, target.asSlice(offset * Float.BYTES, length * Float.BYTES), length);
    }

    /**
     * Forward pass on device buffers.
     *
     * @param inner elements per channel per sample for channels-first sharing (H*W of NCHW); 1 for
     *              channels-last; ignored for layer sharing
     */
    public void forward(EraSpec spec, ParameterSharing sharing, ClBuffer params, long paramsOffset,
                        ClBuffer x, long xOffset, ClBuffer y, long yOffset, long length, int inner) {
        SharingShape shape = check(spec, sharing, params, paramsOffset, length, inner);
        x.checkRange("x", xOffset, length);
        y.checkRange("y", yOffset, length);
        HostRanges.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        if (length == 0) {
            return;
        }
        synchronized (this) {
            forward.arg(0, spec.fractions()).arg(1, spec.eps()).arg(2, params).arg(3, paramsOffset)
                    .arg(4, x).arg(5, xOffset).arg(6, y).arg(7, yOffset).arg(8, length)
                    .arg(9, shape.inner()).arg(10, shape.channels()).arg(11, shape.width());
            queue.run(forward, new long[] {roundUp(length, workGroup)}, new long[] {workGroup});
        }
    }

    /** Fused backward pass on device buffers; {@code dParams} holds {@code sharing.sets()} sets and is accumulated. */
    public void backward(EraSpec spec, ParameterSharing sharing, ClBuffer params, long paramsOffset,
                         ClBuffer x, long xOffset, ClBuffer dy, long dyOffset, ClBuffer dx, long dxOffset,
                         ClBuffer dParams, long dParamsOffset, long length, int inner) {
        backward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset, dParams, dParamsOffset,
                length, inner, true);
    }

    /**
     * Fused backward pass on device buffers; {@code dParams} holds {@code sharing.sets()} sets and is
     * accumulated into, or overwritten with this call's sums when {@code accumulate} is false (then
     * its old contents need not be on the device).
     */
    public void backward(EraSpec spec, ParameterSharing sharing, ClBuffer params, long paramsOffset,
                         ClBuffer x, long xOffset, ClBuffer dy, long dyOffset, ClBuffer dx, long dxOffset,
                         ClBuffer dParams, long dParamsOffset, long length, int inner, boolean accumulate) {
        SharingShape shape = check(spec, sharing, params, paramsOffset, length, inner);
        int count = spec.parameterCount();
        dParams.checkRange("dParams", dParamsOffset, (long) shape.sets() * count);
        x.checkRange("x", xOffset, length);
        dy.checkRange("dy", dyOffset, length);
        dx.checkRange("dx", dxOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        HostRanges.noPartialOverlap("dParams", dParams, dParamsOffset, "params", params, paramsOffset,
                (long) shape.sets() * count);
        if (dParams == params && dParamsOffset == paramsOffset) {
            throw new IllegalArgumentException("dParams is the same range as params");
        }
        if (length == 0) {
            return;
        }
        int groups = groupsPerSet(shape);
        synchronized (this) {
            long needed = (long) shape.sets() * groups * count;
            if (partialSums == null || partialSums.floats() < needed) {
                if (partialSums != null) {
                    partialSums.close();
                    partialSums = null;
                }
                partialSums = allocate(needed);
            }
            partials.arg(0, spec.fractions()).arg(1, spec.eps()).arg(2, params).arg(3, paramsOffset)
                    .arg(4, x).arg(5, xOffset).arg(6, dy).arg(7, dyOffset).arg(8, dx).arg(9, dxOffset)
                    .arg(10, shape.perSet()).arg(11, shape.inner()).arg(12, shape.channels())
                    .arg(13, shape.width()).arg(14, partialSums).local(15, (long) MAX_PARAMS * workGroup * Float.BYTES);
            queue.run(partials, new long[] {(long) groups * workGroup, shape.sets()}, new long[] {workGroup, 1});
            finish.arg(0, spec.fractions()).arg(1, params).arg(2, paramsOffset).arg(3, partialSums)
                    .arg(4, groups).arg(5, dParams).arg(6, dParamsOffset).arg(7, shape.sets()).arg(8, accumulate ? 1 : 0);
            queue.run(finish, new long[] {roundUp((long) count * shape.sets(), workGroup)}, new long[] {workGroup});
        }
    }

    private static long roundUp(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Work-groups per set: from the set size and the device's work-group size only. */
    private int groupsPerSet(SharingShape shape) {
        long perGroup = (long) workGroup * ELEMENTS_PER_ITEM;
        long wanted = (shape.perSet() + perGroup - 1) / perGroup;
        long cap = Math.max(1, Math.min(MAX_GROUPS_PER_SET, MAX_PARTIAL_GROUPS / shape.sets()));
        return (int) Math.max(1, Math.min(wanted, cap));
    }

    private static SharingShape check(EraSpec spec, ParameterSharing sharing, ClBuffer params, long paramsOffset,
                                      long length, int inner) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        SharingShape shape = SharingShape.of(sharing, length, inner);
        params.checkRange("params", paramsOffset, (long) shape.sets() * spec.parameterCount());
        return shape;
    }

    @Override
    public synchronized void close() {
        ClBuffer sums = partialSums;
        partialSums = null;
        closeQuietly(sums, finish, partials, forward, program, queue);
        context.close();
    }

    private static void closeQuietly(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
