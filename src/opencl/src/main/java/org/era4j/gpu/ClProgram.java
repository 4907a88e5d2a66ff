package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** An OpenCL C program built for one context's device. A failed build reports the compiler's log. */
public final class ClProgram implements AutoCloseable {

    private final ClContext context;
    private MemorySegment handle;

    private ClProgram(ClContext context, MemorySegment handle) {
        this.context = context;
        this.handle = handle;
        context.cl().opened();
    }

    /**
     * Compiles {@code source} with {@code options} (e.g. {@code -cl-std=CL1.2}).
     *
     * @throws ClException with the build log in its message when compilation fails
     */
    public static ClProgram build(ClContext context, String source, String options) {
        OpenCl cl = context.cl();
        ClProgram program;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment strings = arena.allocate(ADDRESS);
            strings.set(ADDRESS, 0, arena.allocateFrom(source));
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle = (MemorySegment) cl.clCreateProgramWithSource.invokeExact(context.handle(), 1,
                    strings, MemorySegment.NULL, status);
            ClException.check("clCreateProgramWithSource", status.get(JAVA_INT, 0));
            program = new ClProgram(context, handle);
            MemorySegment devices = arena.allocate(ADDRESS);
            devices.set(ADDRESS, 0, context.device().id());
            int built = (int) cl.clBuildProgram.invokeExact(handle, 1, devices, arena.allocateFrom(options),
                    MemorySegment.NULL, MemorySegment.NULL);
            if (built != 0) {
                String log = program.buildLog();
                program.close();
                throw new ClException("clBuildProgram", built, "build log for " + context.device().name()
                        + ":" + System.lineSeparator() + log);
            }
            return program;
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** The compiler's output for this program on the context's device. */
    public String buildLog() {
        OpenCl cl = context.cl();
        MemorySegment device = context.device().id();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            ClException.check("clGetProgramBuildInfo", (int) cl.clGetProgramBuildInfo.invokeExact(handle(), device,
                    OpenCl.CL_PROGRAM_BUILD_LOG, 0L, MemorySegment.NULL, size));
            long bytes = size.get(JAVA_LONG, 0);
            if (bytes <= 1) {
                return "";
            }
            MemorySegment log = arena.allocate(bytes);
            ClException.check("clGetProgramBuildInfo", (int) cl.clGetProgramBuildInfo.invokeExact(handle(), device,
                    OpenCl.CL_PROGRAM_BUILD_LOG, bytes, log, MemorySegment.NULL));
            return log.getString(0).strip();
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    public ClContext context() {
        return context;
    }

    MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("OpenCL program is closed");
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
        context.cl().closed();
        try {
            ClException.check("clReleaseProgram", (int) context.cl().clReleaseProgram.invokeExact(h));
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
