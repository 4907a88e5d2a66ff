package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenCL 1.2 host API of the system's ICD loader ({@code libOpenCL.so.1}), bound through
 * {@code java.lang.foreign}: one downcall handle per function, no JNI. Each method returns the raw
 * {@code cl_int} status (or the created handle, with the status written through an error pointer);
 * the wrapper classes ({@link ClContext}, {@link ClQueue}, {@link ClProgram}, {@link ClKernel},
 * {@link ClBuffer}) turn statuses into {@link ClException}s and own the handles.
 *
 * <p>The library is {@code libOpenCL.so.1} ({@code OpenCL.dll} on Windows, the OpenCL framework
 * on macOS) unless the system property {@value #LIBRARY_PROPERTY} names another file. Sizes
 * ({@code size_t}) are passed as {@code long}: only 64-bit hosts are supported.
 *
 * <p>Every wrapper counts itself in {@link #liveObjects()} while open, which lets tests check that
 * loops of allocations release everything they create.
 */
public final class OpenCl {

    /** System property naming the OpenCL loader library to open instead of the platform default. */
    public static final String LIBRARY_PROPERTY = "era4j.opencl.library";

    static final int CL_TRUE = 1;

    static final int CL_PLATFORM_VERSION = 0x0901;
    static final int CL_PLATFORM_NAME = 0x0902;
    static final int CL_PLATFORM_VENDOR = 0x0903;

    static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    static final int CL_DEVICE_TYPE = 0x1000;
    static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    static final int CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    static final int CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    static final int CL_DEVICE_SINGLE_FP_CONFIG = 0x101B;
    static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    static final int CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    static final int CL_DEVICE_NAME = 0x102B;
    static final int CL_DEVICE_VENDOR = 0x102C;
    static final int CL_DEVICE_VERSION = 0x102F;
    static final int CL_DEVICE_OPENCL_C_VERSION = 0x103D;
    static final int CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT = 0x100A;
    static final long CL_FP_DENORM = 1L;
    static final long CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT = 1L << 7;

    static final long CL_QUEUE_PROFILING_ENABLE = 1L << 1;
    static final int CL_PROGRAM_BUILD_LOG = 0x1183;
    static final int CL_KERNEL_WORK_GROUP_SIZE = 0x11B0;
    static final long CL_MEM_READ_WRITE = 1L;
    static final int CL_PROFILING_COMMAND_START = 0x1282;
    static final int CL_PROFILING_COMMAND_END = 0x1283;

    private static final Map<String, OpenCl> LOADED = new ConcurrentHashMap<>();

    private final String library;
    private final AtomicLong live = new AtomicLong();

    final MethodHandle clGetPlatformIDs;
    final MethodHandle clGetPlatformInfo;
    final MethodHandle clGetDeviceIDs;
    final MethodHandle clGetDeviceInfo;
    final MethodHandle clCreateContext;
    final MethodHandle clReleaseContext;
    final MethodHandle clCreateCommandQueue;
    final MethodHandle clReleaseCommandQueue;
    final MethodHandle clFinish;
    final MethodHandle clCreateProgramWithSource;
    final MethodHandle clBuildProgram;
    final MethodHandle clGetProgramBuildInfo;
    final MethodHandle clReleaseProgram;
    final MethodHandle clCreateKernel;
    final MethodHandle clSetKernelArg;
    final MethodHandle clGetKernelWorkGroupInfo;
    final MethodHandle clReleaseKernel;
    final MethodHandle clCreateBuffer;
    final MethodHandle clReleaseMemObject;
    /** Blocking transfers only: heap segments are passed straight through (critical downcall). */
    final MethodHandle clEnqueueWriteBuffer;
    final MethodHandle clEnqueueReadBuffer;
    final MethodHandle clEnqueueNDRangeKernel;
    /** Device-side buffer to buffer copy: the device's own copy baseline. */
    final MethodHandle clEnqueueCopyBuffer;
    final MethodHandle clWaitForEvents;
    final MethodHandle clGetEventProfilingInfo;
    final MethodHandle clReleaseEvent;

    private OpenCl(String library, SymbolLookup lookup) {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        Binder b = new Binder(linker, lookup, library);
        clGetPlatformIDs = b.bind("clGetPlatformIDs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        clGetPlatformInfo = b.bind("clGetPlatformInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        clGetDeviceIDs = b.bind("clGetDeviceIDs",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        clGetDeviceInfo = b.bind("clGetDeviceInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        clCreateContext = b.bind("clCreateContext",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        clReleaseContext = b.bind("clReleaseContext", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        clCreateCommandQueue = b.bind("clCreateCommandQueue",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        clReleaseCommandQueue = b.bind("clReleaseCommandQueue", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        clFinish = b.bind("clFinish", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        clCreateProgramWithSource = b.bind("clCreateProgramWithSource",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        clBuildProgram = b.bind("clBuildProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        clGetProgramBuildInfo = b.bind("clGetProgramBuildInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        clReleaseProgram = b.bind("clReleaseProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        clCreateKernel = b.bind("clCreateKernel", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        clSetKernelArg = b.bind("clSetKernelArg",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        clGetKernelWorkGroupInfo = b.bind("clGetKernelWorkGroupInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        clReleaseKernel = b.bind("clReleaseKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        clCreateBuffer = b.bind("clCreateBuffer",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        clReleaseMemObject = b.bind("clReleaseMemObject", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        FunctionDescriptor transfer = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG,
                JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        clEnqueueWriteBuffer = b.bindCritical("clEnqueueWriteBuffer", transfer);
        clEnqueueReadBuffer = b.bindCritical("clEnqueueReadBuffer", transfer);
        clEnqueueCopyBuffer = b.bind("clEnqueueCopyBuffer", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        clEnqueueNDRangeKernel = b.bind("clEnqueueNDRangeKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        clWaitForEvents = b.bind("clWaitForEvents", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        clGetEventProfilingInfo = b.bind("clGetEventProfilingInfo",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        clReleaseEvent = b.bind("clReleaseEvent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /**
     * The OpenCL API of the library named by {@value #LIBRARY_PROPERTY}, or of the platform's
     * default loader; loaded once per library name.
     *
     * @throws OpenClUnavailableException if the library cannot be opened or lacks an entry point
     */
    public static OpenCl system() {
        return load(System.getProperty(LIBRARY_PROPERTY, defaultLibrary()));
    }

    /**
     * The OpenCL API of a given loader library (a file path or a name the dynamic linker finds).
     * Loading native code is a restricted operation: the JVM needs
     * {@code --enable-native-access=ALL-UNNAMED} (the project's JVM flags include it).
     */
    @SuppressWarnings("restricted") // native access is the point of this class; enabled by the JVM flags
    public static OpenCl load(String library) {
        if (library == null || library.isBlank()) {
            throw new IllegalArgumentException("OpenCL library name is empty");
        }
        OpenCl cached = LOADED.get(library);
        if (cached != null) {
            return cached;
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new OpenClUnavailableException("OpenCL is not available: cannot load the ICD loader '"
                    + library + "' (" + e.getMessage() + "). Install an OpenCL loader and driver "
                    + "(on Debian/Ubuntu: apt-get install ocl-icd-libopencl1 pocl-opencl-icd) or set -D"
                    + LIBRARY_PROPERTY + "=/path/to/libOpenCL.so.1", e);
        }
        return LOADED.computeIfAbsent(library, name -> new OpenCl(name, lookup));
    }

    private static String defaultLibrary() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "OpenCL.dll";
        }
        if (os.contains("mac")) {
            return "/System/Library/Frameworks/OpenCL.framework/OpenCL";
        }
        return "libOpenCL.so.1";
    }

    /** The library this API was bound from. */
    public String library() {
        return library;
    }

    /** OpenCL objects (contexts, queues, programs, kernels, buffers) created through this API and not yet closed. */
    public long liveObjects() {
        return live.get();
    }

    void opened() {
        live.incrementAndGet();
    }

    void closed() {
        live.decrementAndGet();
    }

    /** Wraps a {@link Throwable} from {@code invokeExact}; downcalls declare none but the signature does. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("OpenCL downcall failed", t);
    }

    /** Looks up symbols and builds downcall handles, naming the missing symbol on failure. */
    @SuppressWarnings("restricted") // downcall handles are restricted; enabled by the JVM flags
    private record Binder(Linker linker, SymbolLookup lookup, String library) {

        MethodHandle bind(String name, FunctionDescriptor descriptor) {
            return linker.downcallHandle(find(name), descriptor);
        }

        MethodHandle bindCritical(String name, FunctionDescriptor descriptor) {
            return linker.downcallHandle(find(name), descriptor, Linker.Option.critical(true));
        }

        private MemorySegment find(String name) {
            return lookup.find(name).orElseThrow(() -> new OpenClUnavailableException(
                    "OpenCL is not available: '" + library + "' has no symbol " + name
                            + " (is it an OpenCL 1.2+ ICD loader?)", null));
        }
    }
}
