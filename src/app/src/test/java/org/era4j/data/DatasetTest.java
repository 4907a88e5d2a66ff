package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void copyImageWritesBytesOver255AtTheOffset() {
        byte[] pixels = {0, (byte) 255, (byte) 128, 1, 2, 3, 4, 5};
        Dataset d = Dataset.of("d", pixels, new int[] {0, 1}, 1, 2, 2, 2);
        float[] out = new float[7];
        d.copyImage(0, out, 3);
        assertEquals(0f, out[3]);
        assertEquals(1f, out[4]);
        assertEquals((float) (128 / 255.0), out[5]);
        assertEquals((float) (1 / 255.0), out[6]);
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyImage(0, out, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyImage(2, out, 0));
    }

    @Test
    void ofCopiesItsArrays() {
        byte[] pixels = {10, 20};
        int[] labels = {1, 0};
        Dataset d = Dataset.of("d", pixels, labels, 1, 1, 1, 2);
        pixels[0] = 99;
        labels[0] = 0;
        assertEquals(10, d.pixel(0, 0, 0, 0));
        assertEquals(1, d.label(0));
        d.labels()[1] = 1;
        assertEquals(0, d.label(1));
    }

    @Test
    void badShapesAndLabelsAreRejectedWithTheName() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("bad", new byte[5], new int[] {0, 0}, 1, 1, 2, 2));
        assertTrue(size.getMessage().startsWith("bad: 5 pixel bytes"), size.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("bad", new byte[2], new int[] {0, 2}, 1, 1, 1, 2));
        assertTrue(label.getMessage().contains("label 2 of image 1"), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("bad", new byte[0], new int[0], 0, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("bad", new byte[0], new int[0], 1, 1, 1, 0));
    }

    @Test
    void selectAndClassCounts() {
        byte[] pixels = {10, 11, 20, 21, 30, 31};
        Dataset d = Dataset.of("d", pixels, new int[] {2, 0, 2}, 2, 1, 1, 3);
        assertArrayEquals(new int[] {1, 0, 2}, d.classCounts());
        Dataset s = d.select(new int[] {2, 2, 1}, "s");
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {2, 2, 0}, s.labels());
        assertEquals(31, s.pixel(0, 1, 0, 0));
        assertEquals(20, s.pixel(2, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.select(new int[] {3}, "x"));
    }
}
