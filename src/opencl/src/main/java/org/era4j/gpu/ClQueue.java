package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An in-order command queue with profiling. Every command waits for its event, adds the event's
 * device time to {@link #timings()} (kernels and transfers apart) and releases it, so calls are
 * synchronous and nothing outlives a call. Transfers pass heap arrays to the driver directly
 * (blocking, critical downcalls): no staging copy.
 *
 * <p>Methods are synchronized: one queue may be shared, commands are serialised.
 */
public final class ClQueue implements AutoCloseable {

    private final ClContext context;
    private final OpenCl cl;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sizes = arena.allocate(JAVA_LONG, 6);
    private final MemorySegment event = arena.allocate(ADDRESS);
    private final MemorySegment stamp = arena.allocate(JAVA_LONG);
    private MemorySegment handle;
    private long kernelNanos;
    private long transferNanos;
    private long bytesToDevice;
    private long bytesToHost;
    private long kernels;
    private long transfers;

    private ClQueue(ClContext context, MemorySegment handle) {
        this.context = context;
        this.cl = context.cl();
        this.handle = handle;
        cl.opened();
    }

    /** {@code clCreateCommandQueue} with {@code CL_QUEUE_PROFILING_ENABLE}. */
    public static ClQueue create(ClContext context) {
        OpenCl cl = context.cl();
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment status = temporary.allocate(JAVA_INT);
            MemorySegment handle = (MemorySegment) cl.clCreateCommandQueue.invokeExact(context.handle(),
                    context.device().id(), OpenCl.CL_QUEUE_PROFILING_ENABLE, status);
            ClException.check("clCreateCommandQueue", status.get(JAVA_INT, 0));
            return new ClQueue(context, handle);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    public ClContext context() {
        return context;
    }

    /** Copies {@code floats} floats from {@code source} (heap or native) to {@code target[offset ..]}. */
    public synchronized void write(MemorySegment source, ClBuffer target, long offset, long floats) {
        target.checkRange("write target", offset, floats);
        if (floats == 0) {
            return;
        }
        long bytes = floats * Float.BYTES;
        try {
            int status = (int) cl.clEnqueueWriteBuffer.invokeExact(handle(), target.handle(), OpenCl.CL_TRUE,
                    offset * Float.BYTES, bytes, source, 0, MemorySegment.NULL, event);
            ClException.check("clEnqueueWriteBuffer", status);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
        transferNanos += finishEvent();
        bytesToDevice += bytes;
        transfers++;
    }

    /** Copies {@code floats} floats from {@code source[offset ..]} into {@code target} (heap or native). */
    public synchronized void read(ClBuffer source, long offset, MemorySegment target, long floats) {
        source.checkRange("read source", offset, floats);
        if (floats == 0) {
            return;
        }
        long bytes = floats * Float.BYTES;
        try {
            int status = (int) cl.clEnqueueReadBuffer.invokeExact(handle(), source.handle(), OpenCl.CL_TRUE,
                    offset * Float.BYTES, bytes, target, 0, MemorySegment.NULL, event);
            ClException.check("clEnqueueReadBuffer", status);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
        transferNanos += finishEvent();
        bytesToHost += bytes;
        transfers++;
    }

    /**
     * Copies {@code floats} floats between two buffers on the device ({@code clEnqueueCopyBuffer})
     * and waits; returns the device time of the copy in nanoseconds. Not counted as a transfer: no
     * data crosses between host and device.
     */
    public synchronized long copy(ClBuffer source, long sourceOffset, ClBuffer target, long targetOffset, long floats) {
        source.checkRange("copy source", sourceOffset, floats);
        target.checkRange("copy target", targetOffset, floats);
        if (floats == 0) {
            return 0;
        }
        try {
            int status = (int) cl.clEnqueueCopyBuffer.invokeExact(handle(), source.handle(), target.handle(),
                    sourceOffset * Float.BYTES, targetOffset * Float.BYTES, floats * Float.BYTES, 0, MemorySegment.NULL, event);
            ClException.check("clEnqueueCopyBuffer", status);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
        return finishEvent();
    }

    /**
     * Runs {@code kernel} over a 1- or 2-dimensional range and waits for it; returns the kernel's
     * device time in nanoseconds (also added to {@link #timings()}).
     *
     * @param local work-group sizes, or null to let the driver choose
     */
    public synchronized long run(ClKernel kernel, long[] global, long[] local) {
        int dims = global.length;
        if (dims < 1 || dims > 3 || (local != null && local.length != dims)) {
            throw new IllegalArgumentException("work dimensions must be 1..3 and match local sizes");
        }
        for (int d = 0; d < dims; d++) {
            sizes.setAtIndex(JAVA_LONG, d, global[d]);
            if (local != null) {
                sizes.setAtIndex(JAVA_LONG, 3 + d, local[d]);
            }
        }
        MemorySegment localSizes = local == null ? MemorySegment.NULL : sizes.asSlice(3 * 8L, dims * 8L);
        try {
            int status = (int) cl.clEnqueueNDRangeKernel.invokeExact(handle(), kernel.handle(), dims,
                    MemorySegment.NULL, sizes.asSlice(0, dims * 8L), localSizes, 0, MemorySegment.NULL, event);
            if (status != 0) {
                throw new ClException("clEnqueueNDRangeKernel(" + kernel.name() + ")", status, null);
            }
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
        long nanos = finishEvent();
        kernelNanos += nanos;
        kernels++;
        return nanos;
    }

    /** Waits for the event just enqueued, returns its device time and releases it. */
    private long finishEvent() {
        MemorySegment e = event.get(ADDRESS, 0);
        try {
            int waited = (int) cl.clWaitForEvents.invokeExact(1, event);
            long nanos = 0;
            if (waited == 0) {
                int s = (int) cl.clGetEventProfilingInfo.invokeExact(e, OpenCl.CL_PROFILING_COMMAND_START,
                        8L, stamp, MemorySegment.NULL);
                long start = stamp.get(JAVA_LONG, 0);
                int f = (int) cl.clGetEventProfilingInfo.invokeExact(e, OpenCl.CL_PROFILING_COMMAND_END,
                        8L, stamp, MemorySegment.NULL);
                nanos = s == 0 && f == 0 ? Math.max(0, stamp.get(JAVA_LONG, 0) - start) : 0;
            }
            int released = (int) cl.clReleaseEvent.invokeExact(e);
            ClException.check("clWaitForEvents", waited);
            ClException.check("clReleaseEvent", released);
            return nanos;
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** Device time and bytes moved so far. */
    public synchronized ClTimings timings() {
        return new ClTimings(kernelNanos, transferNanos, bytesToDevice, bytesToHost, kernels, transfers);
    }

    MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("OpenCL queue is closed");
        }
        return handle;
    }

    @Override
    public synchronized void close() {
        if (handle == null) {
            return;
        }
        MemorySegment h = handle;
        handle = null;
        cl.closed();
        arena.close();
        try {
            ClException.check("clReleaseCommandQueue", (int) cl.clReleaseCommandQueue.invokeExact(h));
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
