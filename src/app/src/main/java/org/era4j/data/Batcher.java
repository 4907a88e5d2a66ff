package org.era4j.data;

import java.util.Objects;

/**
 * Walks a {@link Dataset} in mini-batches, one epoch at a time, filling caller-owned
 * {@link Batch} buffers; the data set itself is never copied.
 *
 * <p>Epoch {@code e} visits every image exactly once, in the order of a Fisher-Yates permutation
 * drawn from {@code SplitMix64.derive(seed, 0, e)} (or in data set order when shuffling is off).
 * The augmentation of the image at epoch position {@code p} draws from
 * {@code SplitMix64.derive(seed, 1 + e, p)}. Both depend only on (seed, epoch, position), so an
 * epoch is reproducible on its own, e.g. after resuming from a checkpoint. The last batch holds
 * the remainder when the batch size does not divide the data set.
 *
 * <p>Not thread-safe. Per epoch it allocates nothing: the permutation array (N ints) is reused.
 */
public final class Batcher {

    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final long seed;
    private final int[] order;
    private final SplitMix64 random = new SplitMix64(0);
    private int epoch = -1;
    private int position;

    /**
     * @param batchSize    images per full batch, >= 1
     * @param shuffle      a new seeded order each epoch (training) or data set order (evaluation)
     * @param augmentation applied to each image as it is copied; {@link Augmentation#NONE} for none
     */
    public Batcher(Dataset data, int batchSize, boolean shuffle, Augmentation augmentation, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[data.size()];
    }

    /** Buffers for this batcher's batches; allocate once and reuse. */
    public Batch newBatch() {
        return new Batch(batchSize, data.channels(), data.height(), data.width());
    }

    /** Batches per epoch, {@code ceil(N / batchSize)}. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public Dataset data() {
        return data;
    }

    /** The current epoch, -1 before the first {@link #startEpoch}. */
    public int epoch() {
        return epoch;
    }

    /** Starts epoch {@code epoch} (>= 0) from its first batch. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
        this.position = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            random.reseed(SplitMix64.derive(seed, 0, epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /**
     * Fills {@code batch} with the next images of the epoch.
     *
     * @return false (and {@code batch.size() == 0}) when the epoch is over
     */
    public boolean next(Batch batch) {
        if (epoch < 0) {
            throw new IllegalStateException("call startEpoch before next");
        }
        if (batch.capacity() != batchSize || batch.channels() != data.channels() || batch.height() != data.height()
                || batch.width() != data.width()) {
            throw new IllegalArgumentException("batch buffers of capacity " + batch.capacity()
                    + " do not fit this batcher (batch size " + batchSize + ", images " + data.channels() + "x"
                    + data.height() + "x" + data.width() + "); use newBatch()");
        }
        int count = Math.min(batchSize, order.length - position);
        int imageSize = data.imageSize();
        float[] images = batch.images();
        int[] labels = batch.labels();
        int[] indices = batch.indices();
        for (int k = 0; k < count; k++) {
            int p = position + k;
            int index = order[p];
            random.reseed(SplitMix64.derive(seed, 1L + epoch, p));
            augmentation.apply(data, index, random, images, k * imageSize);
            labels[k] = data.label(index);
            indices[k] = index;
        }
        position += count;
        batch.setSize(count);
        return count > 0;
    }
}
