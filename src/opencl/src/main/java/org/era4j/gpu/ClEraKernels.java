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

    /** Largest work-group of any launch (power of two); also the backward reduction's tree width. */
    static final int MAX_WORK_GROUP = 64;
    /** Chunks each backward work-item takes per pass over a set ({@code ITEMS} in era.cl, unrolled). */
    static final int ITEMS_PER_PASS = 4;
    /**
     * Cap on work-groups per parameter set, and on (sets x groups) overall. Up to 16 Mi elements
     * of one set at vector width 16 take one pass per work-item: a loop around the unrolled items
     * costs PoCL up to 3x in backward throughput, however uniform its trip count.
     */
    static final int MAX_GROUPS_PER_SET = 4096;
    static final int MAX_PARTIAL_GROUPS = 1 << 16;
    /** Floats in the largest parameter set ({@code 4 * 8 + 2}); rows of the reduction's local memory. */
    static final int MAX_PARAMS = 4 * EraSpec.MAX_FRACTIONS + 2;
    /**
     * System property overriding the elements per work-item ({@code 1, 2, 4, 8} or {@code 16});
     * by default the device's preferred float vector width.
     */
    public static final String VECTOR_WIDTH_PROPERTY = "era4j.opencl.vectorWidth";

    /** The kernels of one fraction count: era.cl is built per n so the fraction loops unroll. */
    private record Variant(ClProgram program, ClKernel forward, ClKernel partials, ClKernel finish, int workGroup) {

        void close() {
            closeQuietly(finish, partials, forward, program);
        }
    }

    private final ClContext context;
    private final ClQueue queue;
    private final int workGroup;
    private final int vectorWidth;
    private final String buildOptions;
    private final Variant[] variants = new Variant[EraSpec.MAX_FRACTIONS + 1];
    private ClBuffer partialSums;

    private ClEraKernels(ClContext context, int vectorWidth) {
        this.context = context;
        ClDevice device = context.device();
        String options = "";
        if (!device.openclCVersion().contains("1.0") && !device.openclCVersion().contains("1.1")) {
            options = "-cl-std=CL1.2";
        }
        if (device.correctlyRoundedDivide()) {
            options += " -cl-fp32-correctly-rounded-divide-sqrt";
        }
        this.buildOptions = options.strip();
        this.vectorWidth = vectorWidth;
        int wg = 1;
        long localLimit = (device.localMemory() / 2) / ((long) MAX_PARAMS * Float.BYTES);
        while (wg * 2 <= Math.min(Math.min(MAX_WORK_GROUP, device.maxWorkGroupSize()), localLimit)) {
            wg *= 2;
        }
        this.workGroup = wg;
        this.queue = ClQueue.create(context);
        try {
            variant(1); // a source or driver problem shows when the kernels are opened, not at first use
        } catch (RuntimeException e) {
            try {
                queue.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@link #VECTOR_WIDTH_PROPERTY} if set, else the device's preferred float vector width (a power of two, at most 16). */
    static int vectorWidth(ClDevice device) {
        String override = System.getProperty(VECTOR_WIDTH_PROPERTY);
        if (override != null && !override.isBlank()) {
            int width;
            try {
                width = Integer.parseInt(override.strip());
            } catch (NumberFormatException e) {
                width = -1;
            }
            if (width != 1 && width != 2 && width != 4 && width != 8 && width != 16) {
                throw new IllegalArgumentException("-D" + VECTOR_WIDTH_PROPERTY + " must be 1, 2, 4, 8 or 16, got '"
                        + override + "'");
            }
            return width;
        }
        int preferred = device.preferredFloatVector();
        int width = 1;
        while (width * 2 <= Math.min(16, preferred)) {
            width *= 2;
        }
        return width;
    }

    /** The kernels for {@code fractions}, built on first use. */
    private synchronized Variant variant(int fractions) {
        Variant built = variants[fractions];
        if (built != null) {
            return built;
        }
        ClProgram p = null;
        ClKernel f = null;
        ClKernel b = null;
        ClKernel r = null;
        try {
            p = ClProgram.build(context, source(), buildOptions + " -DFRACTIONS=" + fractions + " -DVEC=" + vectorWidth
                    + " -DITEMS=" + ITEMS_PER_PASS);
            f = ClKernel.create(p, "era_forward");
            b = ClKernel.create(p, "era_backward_partials");
            r = ClKernel.create(p, "era_backward_finish");
            long limit = Math.min(b.maxWorkGroupSize(), Math.min(f.maxWorkGroupSize(), r.maxWorkGroupSize()));
            int wg = workGroup;
            while (wg > limit) {
                wg /= 2;
            }
            built = new Variant(p, f, b, r, wg);
        } catch (RuntimeException e) {
            try {
                closeQuietly(r, b, f, p);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        variants[fractions] = built;
        return built;
    }

    /** Builds the kernels in a new context on {@code device}; the kernels own the context. */
    public static ClEraKernels create(ClDevice device) {
        return create(device, vectorWidth(device));
    }

    /** Builds the kernels with {@code vectorWidth} elements per work-item (1, 2, 4, 8 or 16). */
    static ClEraKernels create(ClDevice device, int vectorWidth) {
        if (Integer.bitCount(vectorWidth) != 1 || vectorWidth > 16) {
            throw new IllegalArgumentException("vector width must be 1, 2, 4, 8 or 16, got " + vectorWidth);
        }
        ClContext context = ClContext.create(device);
        try {
            return new ClEraKernels(context, vectorWidth);
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

    /** Options every program is built with (each adds its {@code -DFRACTIONS}, {@code -DVEC} and {@code -DITEMS}). */
    public String buildOptions() {
        return buildOptions;
    }

    /**
     * Work-group size of the launches on this device: the device baselines' and, unless a kernel
     * allows less, the ERA kernels' (the backward reduction's tree width).
     */
    public int workGroup() {
        return workGroup;
    }

    /** Consecutive elements each work-item computes: the device's preferred float vector width, or {@link #VECTOR_WIDTH_PROPERTY}. */
    public int vectorWidth() {
        return vectorWidth;
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
        Chunks chunks = Chunks.of(shape, length, vectorWidth);
        synchronized (this) {
            Variant kernels = variant(spec.fractions());
            kernels.forward.arg(0, spec.eps()).arg(1, params).arg(2, paramsOffset).arg(3, x).arg(4, xOffset)
                    .arg(5, y).arg(6, yOffset).arg(7, chunks.span()).arg(8, chunks.perRun()).arg(9, chunks.total())
                    .arg(10, shape.sets());
            queue.run(kernels.forward, new long[] {roundUp(chunks.total(), kernels.workGroup)},
                    new long[] {kernels.workGroup});
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
        Chunks chunks = Chunks.of(shape, length, vectorWidth);
        synchronized (this) {
            Variant kernels = variant(spec.fractions());
            int wg = kernels.workGroup;
            int groups = groupsPerSet(chunks, shape.sets(), wg);
            long needed = (long) shape.sets() * groups * count;
            if (partialSums == null || partialSums.floats() < needed) {
                if (partialSums != null) {
                    partialSums.close();
                    partialSums = null;
                }
                partialSums = allocate(needed);
            }
            kernels.partials.arg(0, spec.eps()).arg(1, params).arg(2, paramsOffset)
                    .arg(3, x).arg(4, xOffset).arg(5, dy).arg(6, dyOffset).arg(7, dx).arg(8, dxOffset)
                    .arg(9, chunks.span()).arg(10, chunks.perRun()).arg(11, chunks.perSet(shape.sets()))
                    .arg(12, shape.sets()).arg(13, partialSums).local(14, (long) count * wg * Float.BYTES);
            queue.run(kernels.partials, new long[] {(long) groups * wg, shape.sets()}, new long[] {wg, 1});
            kernels.finish.arg(0, params).arg(1, paramsOffset).arg(2, partialSums).arg(3, groups)
                    .arg(4, dParams).arg(5, dParamsOffset).arg(6, shape.sets()).arg(7, accumulate ? 1 : 0);
            queue.run(kernels.finish, new long[] {roundUp((long) count * shape.sets(), wg)}, new long[] {wg});
        }
    }

    /**
     * A tensor as the kernels walk it: runs of {@code span} contiguous elements that share one
     * parameter set, each cut into {@code perRun} chunks of the vector width (the last may be short).
     */
    record Chunks(long span, long perRun, long total) {

        static Chunks of(SharingShape shape, long length, int vectorWidth) {
            long span = (long) shape.width() * shape.inner();
            long perRun = (span + vectorWidth - 1) / vectorWidth;
            return new Chunks(span, perRun, length / span * perRun);
        }

        long perSet(int sets) {
            return total / sets;
        }
    }

    /**
     * Longest chain of float additions in one parameter-gradient sum of a backward call (per lane
     * and item, the lane tree, the work-group tree, the groups, the accumulation): what the error
     * bound of those sums grows with.
     */
    int reductionDepth(EraSpec spec, ParameterSharing sharing, long length, int inner) {
        SharingShape shape = SharingShape.of(sharing, length, inner);
        Chunks chunks = Chunks.of(shape, length, vectorWidth);
        int wg = variant(spec.fractions()).workGroup;
        long groups = groupsPerSet(chunks, shape.sets(), wg);
        long perItem = (chunks.perSet(shape.sets()) + groups * wg - 1) / (groups * wg);
        return (int) (perItem + Integer.numberOfTrailingZeros(vectorWidth) + Integer.numberOfTrailingZeros(wg) + groups + 1);
    }

    private static long roundUp(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Work-groups per set: from the set's chunks and the work-group size only. */
    private static int groupsPerSet(Chunks chunks, int sets, int wg) {
        long perGroup = (long) wg * ITEMS_PER_PASS;
        long wanted = (chunks.perSet(sets) + perGroup - 1) / perGroup;
        long cap = Math.max(1, Math.min(MAX_GROUPS_PER_SET, MAX_PARTIAL_GROUPS / sets));
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
        RuntimeException first = null;
        for (int n = 0; n < variants.length; n++) {
            Variant variant = variants[n];
            variants[n] = null;
            if (variant != null) {
                try {
                    variant.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
        }
        try {
            closeQuietly(sums, queue);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        context.close();
        if (first != null) {
            throw first;
        }
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
