package org.era4j.autograd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the float arrays of intermediate tensors (activations and their gradients) from one
 * training step to the next, so a step of fixed shapes allocates nothing large after the first.
 *
 * <p>Use: {@code try (BufferPool.Scope s = pool.open()) { forward; backward; step; }}. Opening a
 * scope makes every array handed out during the previous scope free again, in the same order, so
 * tensors created in an earlier scope must not be used after the next {@link #open()}. Outside a
 * scope tensors get fresh arrays. Parameters and their gradients never come from the pool.
 * A pool belongs to one thread at a time.
 */
public final class BufferPool {

    private static final ThreadLocal<BufferPool> CURRENT = new ThreadLocal<>();

    private final Map<Integer, List<float[]>> bySize = new HashMap<>();
    private final Map<Integer, int[]> used = new HashMap<>();
    private final Map<Integer, List<int[]>> intsBySize = new HashMap<>();
    private final Map<Integer, int[]> intsUsed = new HashMap<>();
    private long allocations;

    /** Arrays allocated so far (not reused); tests use it to show a steady step allocates none. */
    public long allocations() {
        return allocations;
    }

    /** Frees every array handed out before and makes this pool the thread's current one. */
    public Scope open() {
        for (int[] count : used.values()) {
            count[0] = 0;
        }
        for (int[] count : intsUsed.values()) {
            count[0] = 0;
        }
        BufferPool previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** An array of exactly {@code size} floats; zeroed when {@code zero}. */
    static float[] take(int size, boolean zero) {
        BufferPool pool = CURRENT.get();
        if (pool == null || size == 0) {
            return new float[size];
        }
        return pool.next(size, zero);
    }

    /** An int array of exactly {@code size} elements, contents unspecified (argmax indices). */
    static int[] takeInts(int size) {
        BufferPool pool = CURRENT.get();
        if (pool == null || size == 0) {
            return new int[size];
        }
        List<int[]> list = pool.intsBySize.computeIfAbsent(size, s -> new ArrayList<>());
        int[] count = pool.intsUsed.computeIfAbsent(size, s -> new int[1]);
        if (count[0] == list.size()) {
            list.add(new int[size]);
            pool.allocations++;
        }
        return list.get(count[0]++);
    }

    private float[] next(int size, boolean zero) {
        List<float[]> list = bySize.computeIfAbsent(size, s -> new ArrayList<>());
        int[] count = used.computeIfAbsent(size, s -> new int[1]);
        float[] array;
        if (count[0] < list.size()) {
            array = list.get(count[0]);
            if (zero) {
                java.util.Arrays.fill(array, 0f);
            }
        } else {
            array = new float[size];
            list.add(array);
            allocations++;
        }
        count[0]++;
        return array;
    }

    /** Restores the previous pool on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
