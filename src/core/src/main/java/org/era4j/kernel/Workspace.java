package org.era4j.kernel;

import java.util.Arrays;

/**
 * Per-thread scratch for the kernels, so that a call allocates nothing once a thread has warmed
 * up. Each buffer is handed out zeroed for the length asked; a kernel must not call another kernel
 * while it holds one.
 */
final class Workspace {

    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private float[] sums = new float[64];
    private float[] lanes = new float[1024];
    private float[] columns = new float[0];
    private float[] staging = new float[0];
    private double[] doubles = new double[64];

    private Workspace() {
    }

    static Workspace get() {
        return CURRENT.get();
    }

    /** Zeroed float sums for {@code count} parameters. */
    float[] sums(int count) {
        if (sums.length < count) {
            sums = new float[count];
        }
        Arrays.fill(sums, 0, count, 0f);
        return sums;
    }

    /** Scratch of at least {@code size} floats, contents unspecified (the executor's column copies). */
    float[] columns(int size) {
        if (columns.length < size) {
            columns = new float[size];
        }
        return columns;
    }

    /** Scratch of at least {@code size} floats for staging heap-segment blocks, contents unspecified. */
    float[] staging(int size) {
        if (staging.length < size) {
            staging = new float[size];
        }
        return staging;
    }

    /** Zeroed float64 sums for {@code count} parameters. */
    double[] doubles(int count) {
        if (doubles.length < count) {
            doubles = new double[count];
        }
        Arrays.fill(doubles, 0, count, 0.0);
        return doubles;
    }

    /** Zeroed per-lane accumulators: {@code count} parameters times {@code laneCount} lanes. */
    float[] lanes(int count, int laneCount) {
        int size = count * laneCount;
        if (lanes.length < size) {
            lanes = new float[size];
        }
        Arrays.fill(lanes, 0, size, 0f);
        return lanes;
    }
}
