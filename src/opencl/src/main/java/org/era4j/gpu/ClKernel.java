package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One kernel of a built program and its arguments. {@code clSetKernelArg} copies the value, so a
 * single 8-byte scratch cell (owned by this kernel's arena) serves every call; not thread-safe.
 */
public final class ClKernel implements AutoCloseable {

    private final ClProgram program;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment cell = arena.allocate(JAVA_LONG);
    private MemorySegment handle;

    private ClKernel(ClProgram program, String name, MemorySegment handle) {
        this.program = program;
        this.name = name;
        this.handle = handle;
        program.context().cl().opened();
    }

    /** {@code clCreateKernel}. */
    public static ClKernel create(ClProgram program, String name) {
        OpenCl cl = program.context().cl();
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment status = temporary.allocate(JAVA_INT);
            MemorySegment handle = (MemorySegment) cl.clCreateKernel.invokeExact(program.handle(),
                    temporary.allocateFrom(name), status);
            ClException.check("clCreateKernel(" + name + ")", status.get(JAVA_INT, 0));
            return new ClKernel(program, name, handle);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    public String name() {
        return name;
    }

    /** Largest work-group size this kernel can run with on the program's device. */
    public long maxWorkGroupSize() {
        OpenCl cl = program.context().cl();
        try {
            ClException.check("clGetKernelWorkGroupInfo", (int) cl.clGetKernelWorkGroupInfo.invokeExact(handle(),
                    program.context().device().id(), OpenCl.CL_KERNEL_WORK_GROUP_SIZE, 8L, cell, MemorySegment.NULL));
            return cell.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    public ClKernel arg(int index, int value) {
        handle();
        cell.set(JAVA_INT, 0, value);
        return set(index, 4, cell);
    }

    public ClKernel arg(int index, long value) {
        handle();
        cell.set(JAVA_LONG, 0, value);
        return set(index, 8, cell);
    }

    public ClKernel arg(int index, float value) {
        handle();
        cell.set(JAVA_FLOAT, 0, value);
        return set(index, 4, cell);
    }

    public ClKernel arg(int index, ClBuffer buffer) {
        handle();
        cell.set(ADDRESS, 0, buffer.handle());
        return set(index, ADDRESS.byteSize(), cell);
    }

    /** A {@code __local} argument of {@code bytes} bytes. */
    public ClKernel local(int index, long bytes) {
        return set(index, bytes, MemorySegment.NULL);
    }

    private ClKernel set(int index, long size, MemorySegment value) {
        try {
            int status = (int) program.context().cl().clSetKernelArg.invokeExact(handle(), index, size, value);
            if (status != 0) {
                throw new ClException("clSetKernelArg(" + name + ", " + index + ")", status, null);
            }
            return this;
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("OpenCL kernel " + name + " is closed");
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
        program.context().cl().closed();
        arena.close();
        try {
            ClException.check("clReleaseKernel", (int) program.context().cl().clReleaseKernel.invokeExact(h));
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
