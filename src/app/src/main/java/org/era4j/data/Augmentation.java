package org.era4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The paper's image augmentation: a random shift of up to {@code maxShift} pixels vertically and
 * horizontally (each uniform in {@code [-maxShift, maxShift]}, vacated pixels set to 0) and, when
 * enabled, a horizontal flip with probability 1/2. The paper uses {@code maxShift = 6} with flips
 * ({@link #paper()}).
 *
 * <p>With shift (dy, dx) and flip f, output pixel (c, y, x) is
 * <pre>
 *   out[c][y][x] = in[c][y - dy][x']   with  x' = (f ? W - 1 - (x - dx) : x - dx),
 * </pre>
 * or 0 when the source lies outside the image: the image is flipped first, then shifted.
 * Pixels are written as floats {@code p / 255} (see {@link Dataset}).
 */
public final class Augmentation {

    /** The identity: copies images unchanged. */
    public static final Augmentation NONE = new Augmentation(0, false);

    private final int maxShift;
    private final boolean horizontalFlip;

    public Augmentation(int maxShift, boolean horizontalFlip) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("maxShift must be >= 0, got " + maxShift);
        }
        this.maxShift = maxShift;
        this.horizontalFlip = horizontalFlip;
    }

    /** Shifts up to 6 pixels and horizontal flips, as in the paper's training recipe. */
    public static Augmentation paper() {
        return new Augmentation(6, true);
    }

    public int maxShift() {
        return maxShift;
    }

    public boolean horizontalFlip() {
        return horizontalFlip;
    }

    public boolean isIdentity() {
        return maxShift == 0 && !horizontalFlip;
    }

    /**
     * Writes a randomly augmented copy of image {@code index} to {@code dst[dstOffset ..]},
     * drawing dy, dx (in that order) and then the flip from {@code random}; draws nothing when
     * this is the identity.
     */
    public void apply(Dataset data, int index, SplitMix64 random, float[] dst, int dstOffset) {
        if (isIdentity()) {
            data.copyImage(index, dst, dstOffset);
            return;
        }
        int range = 2 * maxShift + 1;
        int dy = random.nextInt(range) - maxShift;
        int dx = random.nextInt(range) - maxShift;
        boolean flip = horizontalFlip && random.nextBoolean();
        transform(data, index, dy, dx, flip, dst, dstOffset);
    }

    /**
     * Writes image {@code index} flipped (when {@code flip}) and shifted by (dy, dx) to
     * {@code dst[dstOffset ..]} as (C, H, W) floats; any shift is allowed, one of at least the
     * image's size gives a blank image.
     */
    public static void transform(Dataset data, int index, int dy, int dx, boolean flip, float[] dst, int dstOffset) {
        Objects.checkIndex(index, data.size());
        int channels = data.channels();
        int height = data.height();
        int width = data.width();
        Objects.checkFromIndexSize(dstOffset, data.imageSize(), dst.length);
        byte[] pixels = data.pixelsInPlace();
        int src = index * data.imageSize();
        // Output columns whose source column x - dx lies inside [0, W): x in [x0, x1).
        int x0 = Math.max(0, Math.min(width, dx));
        int x1 = Math.max(x0, Math.min(width, width + dx));
        int out = dstOffset;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++, out += width) {
                int sy = y - dy;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(dst, out, out + width, 0f);
                    continue;
                }
                int row = src + (c * height + sy) * width;
                Arrays.fill(dst, out, out + x0, 0f);
                if (flip) {
                    for (int x = x0; x < x1; x++) {
                        dst[out + x] = Dataset.unit(pixels[row + width - 1 - (x - dx)] & 0xFF);
                    }
                } else {
                    for (int x = x0; x < x1; x++) {
                        dst[out + x] = Dataset.unit(pixels[row + x - dx] & 0xFF);
                    }
                }
                Arrays.fill(dst, out + x1, out + width, 0f);
            }
        }
    }

    @Override
    public String toString() {
        return isIdentity() ? "none" : "shift <= " + maxShift + (horizontalFlip ? ", horizontal flip" : "");
    }
}
