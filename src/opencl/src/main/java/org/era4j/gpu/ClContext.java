package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** An OpenCL context on one device; close it after the queues, programs and buffers made in it. */
public final class ClContext implements AutoCloseable {

    private final OpenCl cl;
    private final ClDevice device;
    private MemorySegment handle;

    private ClContext(OpenCl cl, ClDevice device, MemorySegment handle) {
        this.cl = cl;
        this.device = device;
        this.handle = handle;
        cl.opened();
    }

    /** {@code clCreateContext} for a single device. */
    public static ClContext create(ClDevice device) {
        OpenCl cl = device.platform().cl();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devices = arena.allocate(ADDRESS);
            devices.set(ADDRESS, 0, device.id());
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle = (MemorySegment) cl.clCreateContext.invokeExact(MemorySegment.NULL, 1, devices,
                    MemorySegment.NULL, MemorySegment.NULL, status);
            ClException.check("clCreateContext", status.get(JAVA_INT, 0));
            return new ClContext(cl, device, handle);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    public OpenCl cl() {
        return cl;
    }

    public ClDevice device() {
        return device;
    }

    MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("OpenCL context is closed");
        }
        return handle;
    }

    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        MemorySegment h = handle;
        handle = null;
        cl.closed();
        try {
            ClException.check("clReleaseContext", (int) cl.clReleaseContext.invokeExact(h));
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
