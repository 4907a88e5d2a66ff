package org.era4j.gpu;

import org.era4j.kernel.ParameterSharing;

/**
 * A {@link ParameterSharing} applied to a tensor of {@code length} elements, in the terms the
 * kernels use: element {@code i} takes set {@code ((i / inner) % channels) / width}, and each set
 * owns {@code perSet} elements. Layer sharing is {@code inner = length, channels = width = 1}.
 * Shape rules match {@link org.era4j.kernel.EraExecutor}.
 */
record SharingShape(long inner, int channels, int width, int sets, long perSet) {

    static SharingShape of(ParameterSharing sharing, long length, int inner) {
        if (sharing == null) {
            throw new IllegalArgumentException("sharing must not be null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (sharing.mode() == ParameterSharing.Mode.LAYER) {
            return new SharingShape(Math.max(1, length), 1, 1, 1, length);
        }
        int channels = sharing.channels();
        int width = channels / sharing.groups();
        if (sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST) {
            if (inner < 1) {
                throw new IllegalArgumentException("inner size must be >= 1 for channels-first sharing, got " + inner);
            }
            if (length % ((long) channels * inner) != 0) {
                throw new IllegalArgumentException("tensor of " + length + " elements is not (outer, "
                        + channels + " channels, " + inner + " inner)");
            }
            return new SharingShape(inner, channels, width, sharing.sets(), length / sharing.sets());
        }
        if (inner != 1) {
            throw new IllegalArgumentException("channels-last sharing takes inner size 1, got " + inner);
        }
        if (length % channels != 0) {
            throw new IllegalArgumentException("tensor of " + length + " elements is not (rows, "
                    + channels + " channels)");
        }
        return new SharingShape(1, channels, width, sharing.sets(), length / sharing.sets());
    }
}
