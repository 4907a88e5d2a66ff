package org.era4j.data;

/**
 * Reusable buffers for one mini-batch, filled by {@link Batcher#next}: {@code images()} holds
 * {@code size()} images as (size, C, H, W) floats in [0, 1] from offset 0, {@code labels()} and
 * {@code indices()} (positions in the data set) their first {@code size()} entries. Entries past
 * {@code size()} are left from earlier batches. Allocate once with {@link Batcher#newBatch()} and
 * pass it to every call.
 */
public final class Batch {

    private final float[] images;
    private final int[] labels;
    private final int[] indices;
    private final int channels;
    private final int height;
    private final int width;
    private int size;

    Batch(int capacity, int channels, int height, int width) {
        this.images = new float[Math.multiplyExact(capacity, channels * height * width)];
        this.labels = new int[capacity];
        this.indices = new int[capacity];
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** The image buffer, (capacity, C, H, W); only the first {@code size() * C * H * W} floats are this batch. */
    public float[] images() {
        return images;
    }

    /** Label buffer; the first {@code size()} are this batch's. */
    public int[] labels() {
        return labels;
    }

    /** Data set positions of this batch's images (first {@code size()} entries). */
    public int[] indices() {
        return indices;
    }

    /** Number of images in this batch; the last batch of an epoch may be smaller than the capacity. */
    public int size() {
        return size;
    }

    public int capacity() {
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

    void setSize(int size) {
        this.size = size;
    }
}
