package org.era4j.cli;

import java.util.Locale;

/**
 * Refuses, before allocating, work whose arrays cannot fit in the Java heap, naming the size and
 * the {@code -Xmx} that would do (the launcher passes {@code ERA_JAVA_OPTS} to the JVM).
 */
final class HeapBudget {

    private HeapBudget() {
    }

    /** Throws unless {@code bytes} more can be allocated; {@code what} names the work for the message. */
    static void require(String what, long bytes) {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long available = runtime.maxMemory() - used;
        if (bytes < 0 || bytes > available) {
            long neededGiB = Math.max(1, (long) Math.ceil((Math.max(bytes, 0) + used) * 1.25 / (1L << 30)));
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s needs about %,d MiB of heap, more than the %,d MiB this JVM may use; run with a larger heap, "
                            + "e.g. ERA_JAVA_OPTS=-Xmx%dg ./era ...", what, bytes >> 20, runtime.maxMemory() >> 20, neededGiB));
        }
    }
}
