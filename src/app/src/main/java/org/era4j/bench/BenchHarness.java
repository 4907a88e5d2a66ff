package org.era4j.bench;

/**
 * Times one operation the careful way a quick command can afford: warm-up until the JIT has
 * compiled it, then {@code repetitions} timed runs of a calibrated number of back-to-back calls,
 * summarised by median and spread ({@link Measurement}).
 *
 * <p>Each operation returns a value derived from what it wrote; the harness folds those values into
 * a volatile field so the JIT cannot drop the work. This is a quick check, not JMH: no forks, no
 * control of compilation order; the jmh/ module gives the reference numbers.
 */
public final class BenchHarness {

    /** One benchmarked operation; returns a value that depends on its output. */
    @FunctionalInterface
    public interface Operation {
        float run();
    }

    private final long warmupNanos;
    private final long repetitionNanos;
    private final int repetitions;
    private final long minWarmupCalls;
    @SuppressWarnings("unused")
    private volatile float sink;

    /**
     * @param warmupMillis  time spent calling the operation before timing, >= 0
     * @param repetitionMillis target duration of one timed repetition, >= 0 (at least one call)
     * @param repetitions   timed repetitions, >= 1
     */
    public BenchHarness(long warmupMillis, long repetitionMillis, int repetitions) {
        this(warmupMillis, repetitionMillis, repetitions, 1);
    }

    /**
     * @param minWarmupCalls calls made during warm-up even when {@code warmupMillis} has passed,
     *                       >= 1 (enough calls that the JIT's compile thresholds are crossed)
     */
    public BenchHarness(long warmupMillis, long repetitionMillis, int repetitions, long minWarmupCalls) {
        if (minWarmupCalls < 1) {
            throw new IllegalArgumentException("minimum warm-up calls must be >= 1, got " + minWarmupCalls);
        }
        this.minWarmupCalls = minWarmupCalls;
        checkTiming(warmupMillis, repetitionMillis, repetitions);
        this.warmupNanos = warmupMillis * 1_000_000L;
        this.repetitionNanos = repetitionMillis * 1_000_000L;
        this.repetitions = repetitions;
    }

    /** Throws IllegalArgumentException unless the times are >= 0 ms and repetitions >= 1. */
    public static void checkTiming(long warmupMillis, long repetitionMillis, int repetitions) {
        if (warmupMillis < 0 || repetitionMillis < 0) {
            throw new IllegalArgumentException("warm-up and repetition times must be >= 0 ms, got "
                    + warmupMillis + " and " + repetitionMillis);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
    }

    public int repetitions() {
        return repetitions;
    }

    /** Warms up, calibrates the calls per repetition, then times {@link #repetitions()} runs. */
    public Measurement measure(Operation operation) {
        float consumed = 0;
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            consumed += operation.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < warmupNanos || calls < minWarmupCalls);
        double perCall = (double) elapsed / calls;
        long opsPerRepetition = Math.max(1, (long) Math.ceil(repetitionNanos / Math.max(perCall, 1.0)));
        double[] samples = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            for (long k = 0; k < opsPerRepetition; k++) {
                consumed += operation.run();
            }
            samples[r] = (double) (System.nanoTime() - t0) / opsPerRepetition;
        }
        sink = consumed;
        return Measurement.of(samples, opsPerRepetition);
    }
}
