package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StratifiedSubsetTest {

    /** 4 classes with 10, 20, 30, 40 members, interleaved. */
    private static Dataset unbalanced() {
        int[] labels = new int[100];
        int i = 0;
        int[] left = {10, 20, 30, 40};
        while (i < 100) {
            for (int k = 0; k < 4 && i < 100; k++) {
                if (left[k] > 0) {
                    labels[i++] = k;
                    left[k]--;
                }
            }
        }
        return Dataset.of("u", IdxFixtures.pattern(100, 1, 2, 2), labels, 1, 2, 2, 4);
    }

    @Test
    void takesExactlyKPerClassAscendingWithoutRepeats() {
        Dataset d = unbalanced();
        int[] idx = StratifiedSubset.indices(d, 7, 1);
        assertEquals(28, idx.length);
        for (int j = 1; j < idx.length; j++) {
            assertTrue(idx[j] > idx[j - 1], "ascending, no repeats");
        }
        assertArrayEquals(new int[] {7, 7, 7, 7}, d.select(idx, "s").classCounts());
        assertArrayEquals(new int[] {7, 7, 7, 7}, StratifiedSubset.select(d, 7, 1, "s").classCounts());
    }

    @Test
    void deterministicPerSeed() {
        Dataset d = unbalanced();
        assertArrayEquals(StratifiedSubset.indices(d, 5, 9), StratifiedSubset.indices(d, 5, 9));
        assertNotEquals(Arrays.toString(StratifiedSubset.indices(d, 5, 9)),
                Arrays.toString(StratifiedSubset.indices(d, 5, 10)));
    }

    @Test
    void allMembersWhenKEqualsTheSmallestClass() {
        Dataset d = unbalanced();
        int[] idx = StratifiedSubset.indices(d, 10, 3);
        long classZero = Arrays.stream(idx).filter(i -> d.label(i) == 0).count();
        assertEquals(10, classZero);
    }

    @Test
    void tooFewMembersOrBadKIsAnError() {
        Dataset d = unbalanced();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedSubset.indices(d, 11, 0));
        assertTrue(e.getMessage().contains("class 0 has 10 images, fewer than the 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StratifiedSubset.indices(d, 0, 0));
    }
}
