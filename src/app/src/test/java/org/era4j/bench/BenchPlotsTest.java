package org.era4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.era4j.kernel.DeviceTimedBackend;
import org.era4j.plot.ThroughputSeries;
import org.junit.jupiter.api.Test;

/** Which series the bench plot draws, and which of them are baselines. */
class BenchPlotsTest {

    private static BenchRow row(String kernel, String backend, int n, int threads, int size, double nanos, String baseline) {
        return new BenchRow(kernel, backend, n, threads, size, 8, new Measurement(nanos, nanos, nanos, 1, 1), baseline, nanos);
    }

    @Test
    void eachBackendIsFollowedByItsOwnBaselineOnce() {
        List<BenchRow> rows = List.of(
                row("forward", "copy", 0, 1, 64, 10, "copy"),
                row("forward", "copy", 0, 1, 4096, 100, "copy"),
                row("forward", "copy", 0, 2, 64, 8, "copy"),
                row("forward", "simd", 2, 1, 64, 20, "copy"),
                row("forward", "simd", 2, 1, 4096, 200, "copy"),
                row("forward", "scalar", 2, 1, 64, 80, "copy"),
                row("forward", "simd-threads", 2, 2, 64, 16, "copy"),
                row("forward", "simd", 1, 1, 64, 15, "copy"),        // another n: not drawn
                row("backward", "simd", 2, 1, 64, 40, "read-read-write"),
                row("forward", "opencl", 2, 1, 64, 400, "copy"));
        DeviceTimedBackend.Rates rates = new DeviceTimedBackend.Rates("dev", 2, 64, 3e8, 2e8, 1e8, 1e8, 9e7, 8e7, 6e9, 4e9);
        List<ThroughputSeries> series = BenchPlots.series("forward", 2, rows, Map.of("opencl", List.of(rates)));
        assertEquals(List.of("simd", "copy, 1 thread (CPU)", "scalar", "simd-threads", "copy, 2 threads (CPU)",
                        "opencl float[] calls (with transfers)", "opencl kernel (device time)", "opencl device copy"),
                series.stream().map(ThroughputSeries::backend).toList());
        assertEquals(List.of(false, true, false, false, true, false, false, true),
                series.stream().map(ThroughputSeries::baseline).toList());
        assertArrayEquals(new double[] {64, 4096}, series.get(0).sizes());
        assertArrayEquals(new double[] {64 / 20.0, 4096 / 200.0}, series.get(0).gelemPerSecond(), 1e-12);
        assertArrayEquals(new double[] {0.3}, series.get(6).gelemPerSecond(), 1e-12);
        assertArrayEquals(new double[] {6.0}, series.get(7).gelemPerSecond(), 1e-12);
    }
}
