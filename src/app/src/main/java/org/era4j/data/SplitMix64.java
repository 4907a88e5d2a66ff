package org.era4j.data;

/**
 * A small seeded generator (SplitMix64, Steele, Lea and Flood 2014) whose whole algorithm is in
 * this file, so a seed gives the same shuffles and augmentations on every JDK and platform.
 *
 * <p>Not thread-safe; {@link #reseed} lets one instance serve many derived streams without
 * allocating (the batcher reseeds it per sample).
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** Restarts the stream at {@code seed}. */
    public void reseed(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A seed for the stream named by {@code (seed, a, b)}: different tuples give unrelated streams,
     * so per-epoch and per-sample streams need no shared state.
     */
    public static long derive(long seed, long a, long b) {
        return mix(mix(mix(seed) + GOLDEN_GAMMA * (a + 1)) + GOLDEN_GAMMA * (b + 1));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}, unbiased (rejection on the top 31 bits). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int m = bound - 1;
        int u = (int) (nextLong() >>> 33);
        int r = u % bound;
        // u - r + m overflows exactly when u falls in the incomplete last block of size < bound.
        while (u - r + m < 0) {
            u = (int) (nextLong() >>> 33);
            r = u % bound;
        }
        return r;
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }
}
