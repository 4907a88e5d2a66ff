package org.era4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled image set: {@code size()} images of shape (C, H, W) with integer labels in
 * {@code [0, classes)}.
 *
 * <p>Pixels are kept as they come in the files, unsigned bytes laid out (N, C, H, W), and turned
 * into floats {@code p / 255} in [0, 1] only when a batch is filled. Why: a quarter of the memory
 * of a float copy (Fashion-MNIST's 60,000 training images take 47 MB instead of 188 MB, CIFAR-10's
 * 50,000 take 154 MB instead of 614 MB), the conversion is one table look-up per pixel, and the
 * augmentation reads the bytes while it writes the batch, so no float copy is ever needed.
 *
 * <p>Immutable: {@link #of} copies its arrays and no accessor exposes them.
 */
public final class Dataset {

    /** {@code UNIT[p] = p / 255f}, the correctly rounded float of each byte value. */
    private static final float[] UNIT = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            UNIT[p] = p / 255f;
        }
    }

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    private Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got (C, H, W) = ("
                    + channels + ", " + height + ", " + width + ")");
        }
        if (classes <= 0) {
            throw new IllegalArgumentException(name + ": classes must be positive, got " + classes);
        }
        long imageSize = (long) channels * height * width;
        if ((long) labels.length * imageSize != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes do not hold "
                    + labels.length + " images of " + imageSize + " bytes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** A data set holding copies of {@code pixels} (N, C, H, W) and {@code labels} (N). */
    public static Dataset of(String name, byte[] pixels, int[] labels, int channels, int height, int width,
            int classes) {
        return new Dataset(name, pixels.clone(), labels.clone(), channels, height, width, classes);
    }

    /** Takes ownership of the arrays (readers hand over freshly read buffers). */
    static Dataset wrap(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        return new Dataset(name, pixels, labels, channels, height, width, classes);
    }

    /** Where the data came from, for messages and {@code era data info}. */
    public String name() {
        return name;
    }

    /** Number of images N. */
    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Floats per image, {@code C * H * W}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Number of classes; every label is in {@code [0, classes)}. */
    public int classes() {
        return classes;
    }

    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /** The raw pixel value in [0, 255] at (index, c, y, x). */
    public int pixel(int index, int c, int y, int x) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return pixels[(int) (((long) index * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** Writes image {@code index} as {@code imageSize()} floats {@code p / 255} into {@code dst[dstOffset ..]}. */
    public void copyImage(int index, float[] dst, int dstOffset) {
        Objects.checkIndex(index, labels.length);
        int n = imageSize();
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        int src = index * n;
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = UNIT[pixels[src + k] & 0xFF];
        }
    }

    /** {@code counts[k]} = number of images with label k. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A new data set holding the images at {@code indices}, in that order (indices may repeat). */
    public Dataset select(int[] indices, String newName) {
        int n = imageSize();
        byte[] outPixels = new byte[Math.multiplyExact(indices.length, n)];
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(pixels, i * n, outPixels, k * n, n);
            outLabels[k] = labels[i];
        }
        return new Dataset(newName, outPixels, outLabels, channels, height, width, classes);
    }

    /** Float value of a byte pixel, {@code p / 255f}. */
    static float unit(int unsignedByte) {
        return UNIT[unsignedByte];
    }

    /** The backing pixels, for package code that reads them in place (augmentation, writers). */
    byte[] pixelsInPlace() {
        return pixels;
    }

    /** Shape and counts, e.g. {@code "train: 60000 x (1, 28, 28), 10 classes"}. */
    @Override
    public String toString() {
        return name + ": " + size() + " x (" + channels + ", " + height + ", " + width + "), " + classes
                + " classes, per class " + Arrays.toString(classCounts());
    }
}
