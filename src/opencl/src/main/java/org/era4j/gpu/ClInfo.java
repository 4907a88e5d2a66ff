package org.era4j.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Reads {@code clGet*Info} values (strings, integers) into Java, each query in its own arena. */
final class ClInfo {

    private ClInfo() {
    }

    /** A NUL-terminated string property: asks for the size, then the bytes. */
    static String string(MethodHandle getInfo, String call, MemorySegment object, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            ClException.check(call, (int) getInfo.invokeExact(object, param, 0L, MemorySegment.NULL, size));
            long bytes = size.get(JAVA_LONG, 0);
            if (bytes == 0) {
                return "";
            }
            MemorySegment value = arena.allocate(bytes);
            ClException.check(call, (int) getInfo.invokeExact(object, param, bytes, value, MemorySegment.NULL));
            return value.getString(0).trim();
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** A {@code cl_uint} property. */
    static int uint(MethodHandle getInfo, String call, MemorySegment object, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            ClException.check(call, (int) getInfo.invokeExact(object, param, 4L, value, MemorySegment.NULL));
            return value.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }

    /** A {@code cl_ulong}, {@code cl_bitfield} or {@code size_t} property (64-bit hosts). */
    static long ulong(MethodHandle getInfo, String call, MemorySegment object, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            ClException.check(call, (int) getInfo.invokeExact(object, param, 8L, value, MemorySegment.NULL));
            return value.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw OpenCl.rethrow(t);
        }
    }
}
