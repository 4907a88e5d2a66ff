package org.era4j.tornado;

import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * The integers the ERA kernels need to map elements to parameter sets, derived from the tensor
 * shape alone (never from the device), so the work split and the order of every reduction are
 * fixed for a given shape.
 *
 * <p>Element {@code i} of a tensor uses set {@code ((i / inner) % channels) / width}, where
 * {@code width = channels / sets}. Layer sharing is {@code channels = width = inner = 1};
 * channels-first (NCHW) has {@code inner = H*W}; channels-last has {@code inner = 1}. Every set
 * owns {@code perSet = length / sets} elements; its {@code k}-th element is
 * <pre>
 *   j = k % inner,  t = k / inner,  i = ((t / width) * channels + set * width + t % width) * inner + j
 * </pre>
 * The backward kernel gives each set {@code tiles} work-groups of {@link EraKernels#GROUP}
 * threads; a tile covers {@link EraKernels#TILE} consecutive {@code k}.
 *
 * <p>The values travel to the device in an {@code IntArray} (indices below) rather than as scalar
 * kernel arguments, because TornadoVM captures scalar arguments when the task graph is built; an
 * array lets one compiled plan serve every spec, sharing and length up to its capacity.
 */
record KernelShape(int length, int fractions, int channels, int width, int inner, int sets,
                   int perSet, int tiles) {

    static final int LENGTH = 0;
    static final int FRACTIONS = 1;
    static final int CHANNELS = 2;
    static final int WIDTH = 3;
    static final int INNER = 4;
    static final int SETS = 5;
    static final int PER_SET = 6;
    static final int TILES = 7;
    /** Ints in the shape array. */
    static final int SIZE = 8;

    /**
     * Validates a tensor of {@code length} elements against a sharing mode, with the same rules
     * and messages as {@link org.era4j.kernel.EraExecutor}.
     *
     * @param inner H*W for channels-first sharing, 1 for channels-last, ignored for layer sharing
     */
    static KernelShape of(EraSpec spec, ParameterSharing sharing, int length, int inner) {
        if (spec == null || sharing == null) {
            throw new IllegalArgumentException("spec and sharing must not be null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        int n = spec.fractions();
        if (sharing.mode() == ParameterSharing.Mode.LAYER) {
            return new KernelShape(length, n, 1, 1, 1, 1, length, tilesFor(length));
        }
        int channels = sharing.channels();
        int sets = sharing.sets();
        int width = channels / sets;
        if (sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST) {
            if (inner < 1) {
                throw new IllegalArgumentException("inner size must be >= 1 for channels-first sharing, got " + inner);
            }
            long block = (long) channels * inner;
            if (length % block != 0) {
                throw new IllegalArgumentException("tensor of " + length + " elements is not (outer, "
                        + channels + " channels, " + inner + " inner)");
            }
        } else {
            if (inner != 1) {
                throw new IllegalArgumentException("channels-last sharing takes inner size 1, got " + inner);
            }
            if (length % channels != 0) {
                throw new IllegalArgumentException("tensor of " + length + " elements is not (rows, "
                        + channels + " channels)");
            }
        }
        int perSet = length / sets;
        return new KernelShape(length, n, channels, width, inner, sets, perSet, tilesFor(perSet));
    }

    /** Work-groups per set in backward; at least one so every set gets a (possibly zero) partial. */
    private static int tilesFor(int perSet) {
        return Math.max(1, (perSet + EraKernels.TILE - 1) / EraKernels.TILE);
    }

    int parameterCount() {
        return 4 * fractions + 2;
    }

    /** Threads of the forward launch: {@code length} rounded up to whole work-groups. */
    int forwardThreads() {
        return roundUp(Math.max(length, 1));
    }

    /** Threads of the backward launch: one work-group per tile of every set. */
    int backwardThreads() {
        return sets * tiles * EraKernels.GROUP;
    }

    /** Threads of the final reduction: one per (set, parameter), rounded up to whole groups. */
    int reduceThreads() {
        return roundUp(sets * parameterCount());
    }

    /** Floats of work-group partial sums written by backward. */
    int partialCount() {
        return sets * tiles * parameterCount();
    }

    /** The set element {@code i} uses (host-side twin of the kernels' formula, for tests). */
    int setOf(int i) {
        return ((i / inner) % channels) / width;
    }

    /** Index of the {@code k}-th element of {@code set} (host-side twin, for tests). */
    int elementOf(int set, int k) {
        int j = k % inner;
        int t = k / inner;
        return ((t / width) * channels + set * width + t % width) * inner + j;
    }

    int[] toArray() {
        int[] a = new int[SIZE];
        a[LENGTH] = length;
        a[FRACTIONS] = fractions;
        a[CHANNELS] = channels;
        a[WIDTH] = width;
        a[INNER] = inner;
        a[SETS] = sets;
        a[PER_SET] = perSet;
        a[TILES] = tiles;
        return a;
    }

    private static int roundUp(int threads) {
        return (threads + EraKernels.GROUP - 1) / EraKernels.GROUP * EraKernels.GROUP;
    }
}
