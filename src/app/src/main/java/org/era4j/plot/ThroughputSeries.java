package org.era4j.plot;

import java.util.Objects;

/**
 * Measured throughput of one backend: {@code gelemPerSecond[k]} billion elements per second at
 * problem size {@code sizes[k]} (elements). Sizes strictly increasing and positive; throughputs
 * finite and positive. The arrays are copied. A {@code baseline} series (a copy loop the kernels
 * are compared with) is drawn dashed in the colour of the kernel series before it.
 */
public record ThroughputSeries(String backend, double[] sizes, double[] gelemPerSecond, boolean baseline) {

    /** A measured kernel (drawn solid). */
    public ThroughputSeries(String backend, double[] sizes, double[] gelemPerSecond) {
        this(backend, sizes, gelemPerSecond, false);
    }

    public ThroughputSeries {
        Objects.requireNonNull(backend, "backend");
        sizes = sizes.clone();
        gelemPerSecond = gelemPerSecond.clone();
        if (sizes.length == 0 || sizes.length != gelemPerSecond.length) {
            throw new IllegalArgumentException(backend + ": needs as many throughputs as sizes (>= 1), got "
                    + sizes.length + " sizes and " + gelemPerSecond.length + " throughputs");
        }
        for (int k = 0; k < sizes.length; k++) {
            if (!(sizes[k] > 0 && Double.isFinite(sizes[k])) || (k > 0 && sizes[k] <= sizes[k - 1])) {
                throw new IllegalArgumentException(backend + ": sizes must be positive and increasing, got "
                        + sizes[k] + " at position " + k);
            }
            if (!(gelemPerSecond[k] > 0 && Double.isFinite(gelemPerSecond[k]))) {
                throw new IllegalArgumentException(backend + ": throughput at size " + sizes[k] + " is "
                        + gelemPerSecond[k] + "; it must be finite and positive");
            }
        }
    }

    @Override
    public double[] sizes() {
        return sizes.clone();
    }

    @Override
    public double[] gelemPerSecond() {
        return gelemPerSecond.clone();
    }
}
