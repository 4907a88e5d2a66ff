package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void matchesTheReferenceSequence() {
        // First outputs of Vigna's splitmix64.c with x = 0 (and of java.util.SplittableRandom(0).nextLong()).
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        java.util.SplittableRandom jdk = new java.util.SplittableRandom(12345);
        SplitMix64 ours = new SplitMix64(12345);
        for (int k = 0; k < 100; k++) {
            assertEquals(jdk.nextLong(), ours.nextLong());
        }
    }

    @Test
    void nextIntStaysInRangeAndCoversIt() {
        SplitMix64 r = new SplitMix64(7);
        int[] hits = new int[13];
        for (int k = 0; k < 13_000; k++) {
            hits[r.nextInt(13)]++;
        }
        for (int h : hits) {
            // expected 1000 each; 6 sigma of a binomial(13000, 1/13) is about 180
            assertTrue(h > 800 && h < 1200, "count " + h);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Property(tries = 200)
    void nextIntIsWithinBound(@ForAll long seed, @ForAll @IntRange(min = 1) int bound) {
        SplitMix64 r = new SplitMix64(seed);
        for (int k = 0; k < 10; k++) {
            int v = r.nextInt(bound);
            assertTrue(v >= 0 && v < bound);
        }
    }

    @Test
    void derivedStreamsDifferAndRepeat() {
        assertEquals(SplitMix64.derive(1, 2, 3), SplitMix64.derive(1, 2, 3));
        assertNotEquals(SplitMix64.derive(1, 2, 3), SplitMix64.derive(1, 3, 2));
        assertNotEquals(SplitMix64.derive(1, 2, 3), SplitMix64.derive(2, 2, 3));
    }
}
