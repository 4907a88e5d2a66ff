package org.era4j.kernel;

import java.util.Locale;
import org.era4j.rational.EraSpec;

/**
 * An optional capability of device backends: rates of their own kernels measured with the
 * device's timers (kernel only, with host-device transfers, wall clock), next to the device's own
 * memory baselines (a copy for forward's traffic, two reads and a write for backward's), which a
 * host-side stopwatch around a {@code float[]} call cannot separate. {@code era bench} reports them
 * for every backend that has this capability.
 */
public interface DeviceTimedBackend extends EraBackend {

    /**
     * Times forward and backward of {@code spec} (layer sharing) and the baselines on
     * {@code length} elements, {@code repetitions} times each.
     */
    Rates deviceRates(EraSpec spec, int length, int repetitions);

    /**
     * Rates in elements per second.
     *
     * @param device              the device's name
     * @param fractions           n of the ERA
     * @param length              elements per call
     * @param forwardKernel       forward, kernel time only (tensors resident on the device)
     * @param forwardWithTransfer forward, kernel plus host-device copies of the {@code float[]} call
     * @param forwardWall         forward, host wall clock of the {@code float[]} call
     * @param backwardKernel      fused backward, kernel time only
     * @param backwardWithTransfer fused backward with copies
     * @param backwardWall        fused backward, wall clock
     * @param copy                the device's copy (the faster of a buffer copy and a copy kernel)
     * @param readReadWrite       a kernel reading two floats and writing one per element
     */
    record Rates(String device, int fractions, long length,
                 double forwardKernel, double forwardWithTransfer, double forwardWall,
                 double backwardKernel, double backwardWithTransfer, double backwardWall,
                 double copy, double readReadWrite) {

        /** Forward kernel rate over the device's copy rate (1 = as fast as copying). */
        public double forwardToCopy() {
            return forwardKernel / copy;
        }

        /** Backward kernel rate over the device's two-read-one-write rate. */
        public double backwardToReadReadWrite() {
            return backwardKernel / readReadWrite;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s n=%d length=%d: forward %.1f / %.1f / %.1f Melem/s (kernel / with transfer / wall), "
                            + "copy %.1f, kernel/copy %.2f; backward %.1f / %.1f / %.1f, read-read-write %.1f, kernel/rrw %.2f",
                    device, fractions, length, forwardKernel / 1e6, forwardWithTransfer / 1e6, forwardWall / 1e6,
                    copy / 1e6, forwardToCopy(), backwardKernel / 1e6, backwardWithTransfer / 1e6, backwardWall / 1e6,
                    readReadWrite / 1e6, backwardToReadReadWrite());
        }
    }
}
