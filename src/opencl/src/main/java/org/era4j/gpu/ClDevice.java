package org.era4j.gpu;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One OpenCL device and the properties the backend and {@code era devices} need.
 *
 * @param index              position within its platform, the {@code D} of a {@code P:D} selector
 * @param type               {@code CPU}, {@code GPU}, {@code ACCELERATOR}, {@code CUSTOM} or {@code DEFAULT}
 * @param globalMemory       bytes of global memory
 * @param maxAllocation      largest single buffer in bytes ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE})
 * @param correctlyRoundedDivide whether {@code -cl-fp32-correctly-rounded-divide-sqrt} is supported
 * @param denormals          whether fp32 subnormals are kept rather than flushed to zero
 * @param preferredFloatVector {@code CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT}: 1 on GPUs, the SIMD
 *                           width on CPU drivers (16 for PoCL on AVX-512)
 */
public record ClDevice(ClPlatform platform, MemorySegment id, int index, String name, String vendor,
                       String type, int computeUnits, long globalMemory, long maxAllocation,
                       long maxWorkGroupSize, long localMemory, String version, String openclCVersion,
                       boolean correctlyRoundedDivide, boolean denormals, int preferredFloatVector) {

    static ClDevice describe(ClPlatform platform, MemorySegment id, int index) {
        OpenCl cl = platform.cl();
        var info = cl.clGetDeviceInfo;
        String call = "clGetDeviceInfo";
        long fpConfig = ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_SINGLE_FP_CONFIG);
        return new ClDevice(platform, id, index,
                ClInfo.string(info, call, id, OpenCl.CL_DEVICE_NAME),
                ClInfo.string(info, call, id, OpenCl.CL_DEVICE_VENDOR),
                typeName(ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_TYPE)),
                ClInfo.uint(info, call, id, OpenCl.CL_DEVICE_MAX_COMPUTE_UNITS),
                ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_GLOBAL_MEM_SIZE),
                ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_MAX_WORK_GROUP_SIZE),
                ClInfo.ulong(info, call, id, OpenCl.CL_DEVICE_LOCAL_MEM_SIZE),
                ClInfo.string(info, call, id, OpenCl.CL_DEVICE_VERSION),
                ClInfo.string(info, call, id, OpenCl.CL_DEVICE_OPENCL_C_VERSION),
                (fpConfig & OpenCl.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0,
                (fpConfig & OpenCl.CL_FP_DENORM) != 0,
                ClInfo.uint(info, call, id, OpenCl.CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT));
    }

    private static String typeName(long type) {
        List<String> names = new ArrayList<>();
        if ((type & 2) != 0) {
            names.add("CPU");
        }
        if ((type & 4) != 0) {
            names.add("GPU");
        }
        if ((type & 8) != 0) {
            names.add("ACCELERATOR");
        }
        if ((type & 16) != 0) {
            names.add("CUSTOM");
        }
        if (names.isEmpty()) {
            names.add((type & 1) != 0 ? "DEFAULT" : "UNKNOWN");
        }
        return String.join("|", names);
    }

    /** {@code P:D}, the selector that picks exactly this device. */
    public String selector() {
        return platform.index() + ":" + index;
    }

    /** Whether this device's name, vendor or platform name contains {@code text}, ignoring case. */
    boolean matches(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return name.toLowerCase(Locale.ROOT).contains(needle)
                || vendor.toLowerCase(Locale.ROOT).contains(needle)
                || platform.name().toLowerCase(Locale.ROOT).contains(needle)
                || platform.vendor().toLowerCase(Locale.ROOT).contains(needle);
    }

    /** One line for listings: selector, name, type, compute units, memory, OpenCL version. */
    public String describe() {
        return String.format(Locale.ROOT, "%s  %s  [%s, %d compute units, %d MiB global, %d MiB max buffer, %s]",
                selector(), name, type, computeUnits, globalMemory >> 20, maxAllocation >> 20, version);
    }

    @Override
    public String toString() {
        return name + " (" + selector() + ", " + type + ")";
    }
}
