package org.era4j.bench;

import java.util.List;
import java.util.Set;

/**
 * What {@link BenchSuite} measures and how long it times each case.
 *
 * @param sizes            elements per array, each >= 1
 * @param fractions        ERA fractions n to measure, each in 1..8
 * @param backends         ERA backends: any of {@code scalar}, {@code simd} (one thread),
 *                         {@code simd-threads} ({@link org.era4j.kernel.EraExecutor} with layer
 *                         sharing and {@code threads} threads) and {@code opencl} (the default
 *                         OpenCL device through the float[] API, host-device copies included;
 *                         skipped with a note where no OpenCL platform exists)
 * @param threads          threads of the multi-threaded backend and baselines, >= 1
 * @param warmupMillis     warm-up per case
 * @param repetitionMillis target length of one timed repetition
 * @param repetitions      timed repetitions per case (median and spread are reported)
 */
public record BenchSettings(List<Integer> sizes, List<Integer> fractions, List<String> backends, int threads,
                            long warmupMillis, long repetitionMillis, int repetitions) {

    /**
     * The multi-threaded row: the default backend through {@code EraExecutor} on {@code threads}
     * workers. Every other name is a backend of the registry ({@code NAME[:SELECTOR]}).
     */
    public static final String THREADED = "simd-threads";

    /** What {@code era bench} measures by default: every registered backend but the float64 reference, and {@link #THREADED}. */
    public static List<String> defaultBackends() {
        List<String> names = new java.util.ArrayList<>();
        for (org.era4j.kernel.EraBackendProvider provider : org.era4j.kernel.EraBackends.providers()) {
            if (!provider.name().equals("reference")) {
                names.add(provider.name());
            }
        }
        names.add(THREADED);
        return names;
    }

    public BenchSettings {
        sizes = List.copyOf(sizes);
        fractions = List.copyOf(fractions);
        backends = List.copyOf(backends);
        if (sizes.isEmpty() || fractions.isEmpty() || backends.isEmpty()) {
            throw new IllegalArgumentException("bench needs at least one size, one n and one backend");
        }
        for (int size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException("bench sizes must be >= 1 element, got " + size);
            }
        }
        for (int n : fractions) {
            if (n < 1 || n > 8) {
                throw new IllegalArgumentException("bench n must be in 1..8, got " + n);
            }
        }
        for (String backend : backends) {
            String name = backend.contains(":") ? backend.substring(0, backend.indexOf(':')) : backend;
            if (!backend.equals(THREADED) && org.era4j.kernel.EraBackends.find(name).isEmpty()) {
                throw new IllegalArgumentException("unknown bench backend '" + backend + "'; choose from "
                        + String.join(", ", org.era4j.kernel.EraBackends.names()) + ", " + THREADED);
            }
        }
        if (Set.copyOf(backends).size() != backends.size()) {
            throw new IllegalArgumentException("bench backends listed twice: " + backends);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("bench threads must be >= 1, got " + threads);
        }
        BenchHarness.checkTiming(warmupMillis, repetitionMillis, repetitions);
    }
}
