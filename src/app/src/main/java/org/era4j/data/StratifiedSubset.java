package org.era4j.data;

import java.util.Arrays;

/**
 * Draws {@code perClass} images of every class, without replacement, seeded: within class k the
 * first {@code perClass} entries of a partial Fisher-Yates shuffle of that class's positions
 * (drawn from {@code SplitMix64.derive(seed, 2, k)}) are kept. The result lists the chosen images
 * in their original data set order, so it is deterministic for a given data set and seed.
 */
public final class StratifiedSubset {

    private StratifiedSubset() {
    }

    /** Positions of the chosen images, ascending; exactly {@code perClass} per class. */
    public static int[] indices(Dataset data, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("per-class count must be >= 1, got " + perClass);
        }
        int[] counts = data.classCounts();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < perClass) {
                throw new IllegalArgumentException(data.name() + ": class " + k + " has " + counts[k]
                        + " images, fewer than the " + perClass + " asked for");
            }
        }
        int[] chosen = new int[Math.multiplyExact(perClass, counts.length)];
        int filled = 0;
        SplitMix64 random = new SplitMix64(0);
        for (int k = 0; k < counts.length; k++) {
            int[] members = new int[counts[k]];
            int m = 0;
            for (int i = 0; i < data.size(); i++) {
                if (data.label(i) == k) {
                    members[m++] = i;
                }
            }
            random.reseed(SplitMix64.derive(seed, 2, k));
            for (int j = 0; j < perClass; j++) {
                int r = j + random.nextInt(members.length - j);
                int t = members[j];
                members[j] = members[r];
                members[r] = t;
            }
            System.arraycopy(members, 0, chosen, filled, perClass);
            filled += perClass;
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** The subset as a new data set named {@code name}. */
    public static Dataset select(Dataset data, int perClass, long seed, String name) {
        return data.select(indices(data, perClass, seed), name);
    }
}
