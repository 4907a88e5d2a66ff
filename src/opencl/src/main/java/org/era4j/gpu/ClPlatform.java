package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One installed OpenCL platform (a driver, e.g. PoCL or a GPU vendor's ICD) and its devices.
 * Platform and device handles are owned by the driver and never released.
 *
 * @param index position in {@code clGetPlatformIDs} order, the {@code P} of a {@code P:D} selector
 */
public record ClPlatform(OpenCl cl, MemorySegment id, int index, String name, String vendor, String version) {

    /** CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no installed driver. */
    private static final int PLATFORM_NOT_FOUND = -1001;

    /**
     * Every platform the loader reports.
     *
     * @throws OpenClUnavailableException if there is none
     */
    public static List<ClPlatform> all(OpenCl cl) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = (int) cl.clGetPlatformIDs.invokeExact(0, MemorySegment.NULL, count);
            if (status == PLATFORM_NOT_FOUND || (status == 0 && count.get(JAVA_INT, 0) == 0)) {
                throw new OpenClUnavailableException("OpenCL is not available: the loader '" + cl.library()
                        + "' found no platform. Install a driver (e.g. apt-get install pocl-opencl-icd) "
                        + "or check /etc/OpenCL/vendors", null);
            }
            ClException.check("clGetPlatformIDs", status);
            int n = count.get(JAVA_INT, 0);
            MemorySegment ids = arena.allocate(ADDRESS, n);
            ClException.check("clGetPlatformIDs", (int) cl.clGetPlatformIDs.invokeExact(n, ids, MemorySegment.NULL));
            List<ClPlatform> platforms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment id = ids.getAtIndex(ADDRESS, i);
                platforms.add(new ClPlatform(cl, id, i,
                        ClInfo.string(cl.clGetPlatformInfo, "clGetPlatformInfo", id, OpenCl.CL_PLATFORM_NAME),
                        ClInfo.string(cl.clGetPlatformInfo, "clGetPlatformInfo", id, OpenCl.CL_PLATFORM_VENDOR),
                        ClInfo.string(cl.clGetPlatformInfo, "clGetPlatformInfo", id, OpenCl.CL_PLATFORM_VERSION)));
            }
            return List.copyOf(platforms);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** Every device of this platform (an empty list when it has none). */
    public List<ClDevice> devices() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = (int) cl.clGetDeviceIDs.invokeExact(id, OpenCl.CL_DEVICE_TYPE_ALL, 0,
                    MemorySegment.NULL, count);
            if (status == -1) { // CL_DEVICE_NOT_FOUND: a platform without devices
                return List.of();
            }
            ClException.check("clGetDeviceIDs", status);
            int n = count.get(JAVA_INT, 0);
            MemorySegment ids = arena.allocate(ADDRESS, Math.max(1, n));
            ClException.check("clGetDeviceIDs", (int) cl.clGetDeviceIDs.invokeExact(id,
                    OpenCl.CL_DEVICE_TYPE_ALL, n, ids, MemorySegment.NULL));
            List<ClDevice> devices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                devices.add(ClDevice.describe(this, ids.getAtIndex(ADDRESS, i), i));
            }
            return List.copyOf(devices);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    @Override
    public String toString() {
        return name + " (" + vendor + ", " + version + ")";
    }
}
