package org.era4j.kernel;

import org.era4j.rational.EraSpec;

/**
 * An optional capability of device backends: rates of their own kernels measured with the
 * device's timers (kernel only, with host-device transfers, wall clock), which a host-side
 * stopwatch around a {@code float[]} call cannot separate. {@code era bench} prints it for every
 * backend that has it.
 */
public interface DeviceTimedBackend extends EraBackend {

    /**
     * Times forward and backward of {@code spec} on {@code length} elements, {@code repetitions}
     * times each, and describes the rates in one line.
     */
    String deviceRates(EraSpec spec, int length, int repetitions);
}
