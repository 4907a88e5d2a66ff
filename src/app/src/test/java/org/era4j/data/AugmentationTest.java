package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    /** One image, 2 channels of 5 x 7, with a single lit pixel (c, y, x) = (1, 2, 3). */
    private static Dataset onePixel() {
        byte[] pixels = new byte[2 * 5 * 7];
        pixels[(1 * 5 + 2) * 7 + 3] = (byte) 255;
        return Dataset.of("one", pixels, new int[] {0}, 2, 5, 7, 1);
    }

    private static float at(float[] img, int c, int y, int x) {
        return img[(c * 5 + y) * 7 + x];
    }

    private static int litCount(float[] img) {
        int n = 0;
        for (float v : img) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void shiftMovesThePixelDownAndRight() {
        float[] out = new float[70];
        Augmentation.transform(onePixel(), 0, 1, 2, false, out, 0);
        assertEquals(1f, at(out, 1, 3, 5));
        assertEquals(1, litCount(out));
        Augmentation.transform(onePixel(), 0, -2, -3, false, out, 0);
        assertEquals(1f, at(out, 1, 0, 0));
        assertEquals(1, litCount(out));
    }

    @Test
    void shiftOutOfTheFrameLeavesZeros() {
        float[] out = new float[70];
        Arrays.fill(out, 7f);
        Augmentation.transform(onePixel(), 0, 0, 4, false, out, 0);
        assertEquals(0, litCount(out), "x = 3 + 4 falls off a width of 7; every other pixel is zero fill");
        Arrays.fill(out, 7f);
        Augmentation.transform(onePixel(), 0, 100, -100, true, out, 0);
        assertEquals(0, litCount(out));
    }

    @Test
    void flipMirrorsColumns() {
        float[] out = new float[70];
        Augmentation.transform(onePixel(), 0, 0, 0, true, out, 0);
        assertEquals(1f, at(out, 1, 2, 7 - 1 - 3));
        assertEquals(1, litCount(out));
        // flip first, then shift: the mirrored column 3 moves one to the right
        Augmentation.transform(onePixel(), 0, 0, 1, true, out, 0);
        assertEquals(1f, at(out, 1, 2, 4));
    }

    @Test
    void identityEqualsCopyImage() {
        Dataset d = Dataset.of("p", IdxFixtures.pattern(2, 3, 4, 5), new int[] {0, 1}, 3, 4, 5, 2);
        float[] expected = new float[60];
        float[] actual = new float[65];
        d.copyImage(1, expected, 0);
        Augmentation.transform(d, 1, 0, 0, false, actual, 5);
        assertArrayEquals(expected, Arrays.copyOfRange(actual, 5, 65));
        SplitMix64 r = new SplitMix64(3);
        Augmentation.NONE.apply(d, 1, r, actual, 0);
        assertArrayEquals(expected, Arrays.copyOf(actual, 60));
        assertEquals(new SplitMix64(3).nextLong(), r.nextLong(), "the identity draws no random numbers");
    }

    /** Every output pixel against the formula out[c][y][x] = in[c][y - dy][flip ? W-1-(x-dx) : x-dx]. */
    @Property(tries = 300)
    void transformMatchesTheDefinition(@ForAll @IntRange(min = -9, max = 9) int dy,
            @ForAll @IntRange(min = -9, max = 9) int dx, @ForAll boolean flip,
            @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 8) int h,
            @ForAll @IntRange(min = 1, max = 8) int w, @ForAll long seed) {
        byte[] pixels = new byte[2 * channels * h * w];
        SplitMix64 r = new SplitMix64(seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextLong();
        }
        Dataset d = Dataset.of("rand", pixels, new int[] {0, 0}, channels, h, w, 1);
        float[] out = new float[channels * h * w + 3];
        Arrays.fill(out, -1f);
        Augmentation.transform(d, 1, dy, dx, flip, out, 3);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y - dy;
                    int sx = flip ? w - 1 - (x - dx) : x - dx;
                    float expected = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0f : d.pixel(1, c, sy, sx) / 255f;
                    assertEquals(expected, out[3 + (c * h + y) * w + x], "at " + c + "," + y + "," + x);
                }
            }
        }
        assertEquals(-1f, out[2], "nothing written before the offset");
    }

    @Test
    void applyDrawsShiftsThenFlipAndIsSeeded() {
        Dataset d = Dataset.of("p", IdxFixtures.pattern(1, 2, 5, 7), new int[] {0}, 2, 5, 7, 1);
        Augmentation a = new Augmentation(2, true);
        float[] actual = new float[70];
        float[] again = new float[70];
        float[] expected = new float[70];
        boolean[] seenDy = new boolean[5];
        boolean[] seenDx = new boolean[5];
        for (long seed = 0; seed < 200; seed++) {
            a.apply(d, 0, new SplitMix64(seed), actual, 0);
            a.apply(d, 0, new SplitMix64(seed), again, 0);
            assertArrayEquals(actual, again, "same seed, same image; seed " + seed);
            SplitMix64 draws = new SplitMix64(seed);
            int dy = draws.nextInt(5) - 2;
            int dx = draws.nextInt(5) - 2;
            boolean flip = draws.nextBoolean();
            Augmentation.transform(d, 0, dy, dx, flip, expected, 0);
            assertArrayEquals(expected, actual, "seed " + seed);
            seenDy[dy + 2] = true;
            seenDx[dx + 2] = true;
        }
        for (int k = 0; k < 5; k++) {
            assertTrue(seenDy[k] && seenDx[k], "shift " + (k - 2) + " never drawn in 200 seeds");
        }
    }

    @Test
    void flipsHappenAboutHalfTheTime() {
        // Asymmetric image: the lit pixel at column 0 lands on column 6 exactly when flipped (no shift).
        byte[] pixels = new byte[9];
        pixels[3] = (byte) 200;
        Dataset d = Dataset.of("edge", pixels, new int[] {0}, 1, 3, 3, 1);
        Augmentation flipOnly = new Augmentation(0, true);
        float[] out = new float[9];
        int flipped = 0;
        for (long seed = 0; seed < 1000; seed++) {
            flipOnly.apply(d, 0, new SplitMix64(SplitMix64.derive(9, 0, seed)), out, 0);
            flipped += out[5] != 0 ? 1 : 0;
            assertEquals(200 / 255f, out[3] + out[5]);
        }
        assertTrue(flipped > 420 && flipped < 580, "flipped " + flipped + " of 1000");
        assertFalse(flipOnly.isIdentity());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    }
}
