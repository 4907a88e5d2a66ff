package org.era4j.kernel;

/**
 * Which elements of an activation tensor share an ERA parameter set.
 *
 * <ul>
 *   <li>{@link Mode#LAYER}: one set for the whole tensor (the paper's choice).</li>
 *   <li>{@link Mode#CHANNEL}: one set per channel.</li>
 *   <li>{@link Mode#GROUP}: channels split into {@code groups} equal consecutive groups, one set per
 *       group (the Kolmogorov-Arnold Transformer's group-rational).</li>
 * </ul>
 * The channel axis is found through {@link ChannelLayout}: channels-first tensors are
 * {@code (outer, channels, inner)} (NCHW: outer = N, inner = H*W), channels-last tensors are
 * {@code (outer, channels)} (NHWC or (batch, features): outer = N*H*W). Parameter sets are stored
 * one after another, set {@code s} at {@code params[offset + s * spec.parameterCount()]}.
 */
public record ParameterSharing(Mode mode, int channels, int groups, ChannelLayout layout) {

    /** How parameter sets are assigned. */
    public enum Mode { LAYER, CHANNEL, GROUP }

    /** Where the channel axis lies. */
    public enum ChannelLayout { CHANNELS_FIRST, CHANNELS_LAST }

    private static final ParameterSharing LAYER = new ParameterSharing(Mode.LAYER, 1, 1, ChannelLayout.CHANNELS_FIRST);

    public ParameterSharing {
        if (mode == null || layout == null) {
            throw new IllegalArgumentException("sharing mode and channel layout must not be null");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("groups must be >= 1 and divide channels=" + channels
                    + ", got " + groups);
        }
        if (mode == Mode.LAYER && (channels != 1 || groups != 1)) {
            throw new IllegalArgumentException("layer sharing has one set; use ParameterSharing.layer()");
        }
        if (mode == Mode.CHANNEL && groups != channels) {
            throw new IllegalArgumentException("per-channel sharing has groups == channels");
        }
    }

    /** One set for everything. */
    public static ParameterSharing layer() {
        return LAYER;
    }

    /** One set per channel. */
    public static ParameterSharing perChannel(int channels, ChannelLayout layout) {
        return new ParameterSharing(Mode.CHANNEL, channels, channels, layout);
    }

    /** One set per group of {@code channels / groups} consecutive channels. */
    public static ParameterSharing grouped(int channels, int groups, ChannelLayout layout) {
        return new ParameterSharing(Mode.GROUP, channels, groups, layout);
    }

    /** Number of parameter sets. */
    public int sets() {
        return groups;
    }

    /** The set used by {@code channel}. */
    public int setOf(int channel) {
        return channel / (channels / groups);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case LAYER -> "layer";
            case CHANNEL -> "channel(" + channels + ", " + layout + ")";
            case GROUP -> "group(" + channels + "/" + groups + ", " + layout + ")";
        };
    }
}
