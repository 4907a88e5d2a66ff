package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A read-write device buffer ({@code cl_mem}) of floats. Its size is checked against the device's
 * largest allowed allocation before the driver is asked, so an oversized request is an
 * {@link IllegalArgumentException} naming both sizes rather than a driver-dependent failure.
 */
public final class ClBuffer implements AutoCloseable {

    private final ClContext context;
    private final long floats;
    private MemorySegment handle;

    private ClBuffer(ClContext context, long floats, MemorySegment handle) {
        this.context = context;
        this.floats = floats;
        this.handle = handle;
        context.cl().opened();
    }

    /** A buffer of {@code floats} floats (at least one), contents undefined. */
    public static ClBuffer allocate(ClContext context, long floats) {
        if (floats < 1) {
            throw new IllegalArgumentException("OpenCL buffer must hold at least 1 float, got " + floats);
        }
        long max = context.device().maxAllocation();
        if (floats > max / Float.BYTES) {
            throw new IllegalArgumentException("OpenCL buffer of " + floats + " floats (" + floats * 4L
                    + " bytes) exceeds the largest allocation of device " + context.device().name()
                    + " (" + max + " bytes)");
        }
        OpenCl cl = context.cl();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle = (MemorySegment) cl.clCreateBuffer.invokeExact(context.handle(),
                    OpenCl.CL_MEM_READ_WRITE, floats * Float.BYTES, MemorySegment.NULL, status);
            ClException.check("clCreateBuffer", status.get(JAVA_INT, 0));
            return new ClBuffer(context, floats, handle);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** Capacity in floats. */
    public long floats() {
        return floats;
    }

    public ClContext context() {
        return context;
    }

    MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("OpenCL buffer is closed");
        }
        return handle;
    }

    /** Throws unless {@code [offset, offset + length)} lies inside this buffer. */
    void checkRange(String name, long offset, long length) {
        if (length < 0 || offset < 0 || offset + length > floats) {
            throw new IllegalArgumentException(name + ": float range [" + offset + ", " + (offset + length)
                    + ") is outside the device buffer of " + floats + " floats");
        }
    }

    public boolean isOpen() {
        return handle != null;
    }

    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        MemorySegment h = handle;
        handle = null;
        context.cl().closed();
        try {
            ClException.check("clReleaseMemObject", (int) context.cl().clReleaseMemObject.invokeExact(h));
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
