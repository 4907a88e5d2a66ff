package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.kernel.DeviceTimedBackend;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/** The device's own baselines and the rates era bench reports next to them (PoCL in CI). */
class ClDeviceBaselinesTest {

    @Test
    void aDeviceCopyCopiesAndIsTimed() {
        ClEraKernels kernels = OpenClTestSupport.backend().kernels();
        float[] data = {1f, -2f, 3.5f, Float.NaN, 0f, -0f, 7f};
        try (ClBuffer a = kernels.allocate(data.length); ClBuffer b = kernels.allocate(data.length + 3)) {
            kernels.write(data, 0, data.length, a, 0);
            long nanos = kernels.queue().copy(a, 0, b, 3, data.length);
            assertTrue(nanos >= 0);
            float[] back = new float[data.length];
            kernels.read(b, 3, back, 0, data.length);
            assertArrayEquals(data, back);
            assertThrows(IllegalArgumentException.class, () -> kernels.queue().copy(a, 0, b, 4, data.length));
        }
    }

    @Test
    void baselinesAndEraRatesArePositiveAndTheRatiosFollowFromThem() {
        OpenClEraBackend backend = OpenClTestSupport.backend();
        ClDeviceBaselines.Rates baselines = ClDeviceBaselines.measure(backend.kernels(), 1 << 16, 2);
        assertTrue(baselines.copyBuffer() > 0 && baselines.copyKernel() > 0 && baselines.readReadWrite() > 0, baselines.toString());
        assertEquals(Math.max(baselines.copyBuffer(), baselines.copyKernel()), baselines.copy());
        DeviceTimedBackend.Rates rates = backend.deviceRates(EraSpec.of(2), 1 << 16, 2);
        assertEquals(2, rates.fractions());
        assertEquals(1 << 16, rates.length());
        assertTrue(rates.forwardKernel() > 0 && rates.backwardKernel() > 0 && rates.copy() > 0, rates.toString());
        assertEquals(rates.forwardKernel() / rates.copy(), rates.forwardToCopy(), 0);
        assertEquals(rates.backwardKernel() / rates.readReadWrite(), rates.backwardToReadReadWrite(), 0);
        assertThrows(IllegalArgumentException.class, () -> ClDeviceBaselines.measure(backend.kernels(), 0, 1));
    }
}
