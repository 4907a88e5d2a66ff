package org.era4j.bench;

/**
 * One measured case.
 *
 * @param kernel          {@code forward} or {@code backward}
 * @param backend         an ERA backend, or {@code copy} / {@code read-read-write} for baselines
 * @param fractions       ERA n, 0 for baselines
 * @param threads         threads the case ran on
 * @param size            elements per array
 * @param bytesPerElement bytes read and written per element (forward 8, backward 12)
 * @param time            nanoseconds per call
 * @param baseline        the baseline backend this row is compared with (same kernel, size and
 *                        threads)
 * @param baselineNanos   the baseline's median nanoseconds per call
 */
public record BenchRow(String kernel, String backend, int fractions, int threads, int size, int bytesPerElement,
                       Measurement time, String baseline, double baselineNanos) {

    /** Elements per nanosecond = 1e9 elements per second. */
    public double gigaElementsPerSecond() {
        return size / time.medianNanos();
    }

    /** Bytes per nanosecond = GB/s (10^9 bytes). */
    public double gigabytesPerSecond() {
        return (double) size * bytesPerElement / time.medianNanos();
    }

    /** Throughput relative to the baseline: {@code baseline time / this time}; 1 means as fast. */
    public double ratioToBaseline() {
        return baselineNanos / time.medianNanos();
    }

    public boolean isBaseline() {
        return fractions == 0;
    }
}
