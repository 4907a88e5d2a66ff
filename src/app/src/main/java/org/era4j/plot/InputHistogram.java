package org.era4j.plot;

import java.util.Objects;

/**
 * Counts of activation inputs in {@code bins} equal bins over {@code [lo, hi)}, collected during
 * training and shaded behind a learned activation by {@link ActivationPlot}. Values below
 * {@code lo}, at or above {@code hi}, and NaNs are counted apart; {@link #density()} is over the
 * in-range values only. Not thread-safe; {@link #add} allocates nothing.
 */
public final class InputHistogram {

    private final double lo;
    private final double hi;
    private final long[] counts;
    private final double scale;
    private long below;
    private long above;
    private long nan;

    public InputHistogram(double lo, double hi, int bins) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("histogram range must be finite with lo < hi, got [" + lo + ", " + hi + ")");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("histogram needs >= 1 bin, got " + bins);
        }
        this.lo = lo;
        this.hi = hi;
        this.counts = new long[bins];
        this.scale = bins / (hi - lo);
    }

    /** Counts {@code x[offset .. offset + length)}. */
    public void add(float[] x, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, x.length);
        for (int i = offset; i < offset + length; i++) {
            add(x[i]);
        }
    }

    public void add(double v) {
        if (Double.isNaN(v)) {
            nan++;
        } else if (v < lo) {
            below++;
        } else if (v >= hi) {
            above++;
        } else {
            // (v - lo) * scale can round up to bins for v just below hi
            counts[Math.min(counts.length - 1, (int) ((v - lo) * scale))]++;
        }
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public int bins() {
        return counts.length;
    }

    public long count(int bin) {
        return counts[Objects.checkIndex(bin, counts.length)];
    }

    /** Values counted inside {@code [lo, hi)}. */
    public long inRange() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    public long below() {
        return below;
    }

    public long above() {
        return above;
    }

    public long nanCount() {
        return nan;
    }

    /** Centre of bin k, {@code lo + (k + 1/2) (hi - lo) / bins}. */
    public double binCenter(int bin) {
        Objects.checkIndex(bin, counts.length);
        return lo + (bin + 0.5) / scale;
    }

    /** {@code count_k / (inRange * binWidth)}, integrating to 1 over [lo, hi); all zeros when empty. */
    public double[] density() {
        long total = inRange();
        double[] d = new double[counts.length];
        if (total == 0) {
            return d;
        }
        double norm = scale / total;
        for (int k = 0; k < d.length; k++) {
            d[k] = counts[k] * norm;
        }
        return d;
    }
}
