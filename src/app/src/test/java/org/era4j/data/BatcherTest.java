package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private static Dataset data(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return Dataset.of("n" + n, IdxFixtures.pattern(n, 1, 2, 3), labels, 1, 2, 3, 3);
    }

    /** The data set positions visited in one epoch, batch after batch. */
    private static int[] epochOrder(Batcher batcher, int epoch) {
        Batch batch = batcher.newBatch();
        batcher.startEpoch(epoch);
        List<Integer> seen = new ArrayList<>();
        while (batcher.next(batch)) {
            for (int k = 0; k < batch.size(); k++) {
                seen.add(batch.indices()[k]);
            }
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 100)
    void everyImageExactlyOncePerEpoch(@ForAll @IntRange(min = 1, max = 200) int n,
            @ForAll @IntRange(min = 1, max = 64) int batchSize, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 1000) int epoch) {
        Batcher batcher = new Batcher(data(n), batchSize, true, Augmentation.NONE, seed);
        int[] order = epochOrder(batcher, epoch);
        assertEquals(n, order.length);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void batchesHoldTheRightImagesAndLabels() {
        Dataset d = data(10);
        Batcher batcher = new Batcher(d, 4, true, Augmentation.NONE, 5);
        Batch batch = batcher.newBatch();
        batcher.startEpoch(0);
        int[] sizes = new int[3];
        float[] expected = new float[6];
        for (int b = 0; b < 3; b++) {
            assertTrue(batcher.next(batch));
            sizes[b] = batch.size();
            for (int k = 0; k < batch.size(); k++) {
                int index = batch.indices()[k];
                assertEquals(d.label(index), batch.labels()[k]);
                d.copyImage(index, expected, 0);
                assertArrayEquals(expected, Arrays.copyOfRange(batch.images(), k * 6, k * 6 + 6));
            }
        }
        assertArrayEquals(new int[] {4, 4, 2}, sizes);
        assertEquals(3, batcher.batchesPerEpoch());
        assertFalse(batcher.next(batch));
        assertEquals(0, batch.size());
    }

    @Test
    void sameSeedSameOrderOtherEpochOrSeedAnotherOrder() {
        Dataset d = data(100);
        int[] a = epochOrder(new Batcher(d, 7, true, Augmentation.NONE, 42), 3);
        int[] b = epochOrder(new Batcher(d, 7, true, Augmentation.NONE, 42), 3);
        assertArrayEquals(a, b);
        // an epoch does not depend on the epochs before it
        Batcher used = new Batcher(d, 7, true, Augmentation.NONE, 42);
        epochOrder(used, 0);
        epochOrder(used, 1);
        assertArrayEquals(a, epochOrder(used, 3));
        assertNotEquals(Arrays.toString(a), Arrays.toString(epochOrder(used, 4)));
        assertNotEquals(Arrays.toString(a), Arrays.toString(epochOrder(new Batcher(d, 7, true, Augmentation.NONE, 43), 3)));
    }

    @Test
    void withoutShuffleTheOrderIsTheDataSetOrder() {
        int[] order = epochOrder(new Batcher(data(9), 4, false, Augmentation.NONE, 1), 2);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, order);
    }

    @Test
    void augmentedBatchesAreDeterministicPerSeedAndEpoch() {
        Dataset d = data(20);
        Augmentation aug = new Augmentation(1, true);
        float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
            Batcher batcher = new Batcher(d, 8, true, aug, 11);
            Batch batch = batcher.newBatch();
            batcher.startEpoch(6);
            batcher.next(batch);
            batcher.next(batch);
            runs[run] = batch.images().clone();
        }
        assertArrayEquals(runs[0], runs[1]);
        Batcher other = new Batcher(d, 8, true, aug, 11);
        Batch batch = other.newBatch();
        other.startEpoch(7);
        other.next(batch);
        other.next(batch);
        assertNotEquals(Arrays.toString(runs[0]), Arrays.toString(batch.images()));
    }

    @Test
    void buffersAreReusedAndMisuseIsReported() {
        Batcher batcher = new Batcher(data(10), 4, true, Augmentation.NONE, 0);
        Batch batch = batcher.newBatch();
        float[] images = batch.images();
        assertThrows(IllegalStateException.class, () -> batcher.next(batch));
        batcher.startEpoch(0);
        batcher.next(batch);
        assertSame(images, batch.images());
        Batch wrong = new Batcher(data(10), 5, true, Augmentation.NONE, 0).newBatch();
        assertThrows(IllegalArgumentException.class, () -> batcher.next(wrong));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(data(3), 0, true, Augmentation.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> batcher.startEpoch(-1));
    }
}
