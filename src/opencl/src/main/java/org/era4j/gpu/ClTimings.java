package org.era4j.gpu;

/**
 * Device time accumulated by a {@link ClQueue}, from OpenCL profiling events
 * ({@code CL_PROFILING_COMMAND_END - CL_PROFILING_COMMAND_START}): kernel time and host-device
 * transfer time are kept apart so callers can see what residency saves.
 *
 * @param kernelNanos   device time spent in kernels
 * @param transferNanos device time spent in reads and writes between host and device
 * @param bytesToDevice bytes written to the device
 * @param bytesToHost   bytes read back
 * @param kernels       kernel launches
 * @param transfers     read and write commands
 */
public record ClTimings(long kernelNanos, long transferNanos, long bytesToDevice, long bytesToHost,
                        long kernels, long transfers) {

    public static final ClTimings ZERO = new ClTimings(0, 0, 0, 0, 0, 0);

    /** Counts since {@code earlier} (a snapshot of the same queue). */
    public ClTimings since(ClTimings earlier) {
        return new ClTimings(kernelNanos - earlier.kernelNanos, transferNanos - earlier.transferNanos,
                bytesToDevice - earlier.bytesToDevice, bytesToHost - earlier.bytesToHost,
                kernels - earlier.kernels, transfers - earlier.transfers);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "kernels %d in %.3f ms, transfers %d (%d B in, %d B out) in %.3f ms",
                kernels, kernelNanos / 1e6, transfers, bytesToDevice, bytesToHost, transferNanos / 1e6);
    }
}
