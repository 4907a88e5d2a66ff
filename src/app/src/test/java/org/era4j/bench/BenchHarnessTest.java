package org.era4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's bookkeeping, the report's escaping and the machine description; no timing thresholds. */
class BenchHarnessTest {

    @TempDir
    Path dir;

    @Test
    void medianAndSpreadOfSamples() {
        Measurement odd = Measurement.of(new double[] {5, 1, 3}, 7);
        assertEquals(3, odd.medianNanos());
        assertEquals(1, odd.minNanos());
        assertEquals(5, odd.maxNanos());
        assertEquals(4.0 / 3, odd.relativeSpread(), 1e-12);
        assertEquals(7, odd.opsPerRepetition());
        assertEquals(2.5, Measurement.of(new double[] {4, 1, 2, 3}, 1).medianNanos());
    }

    @Test
    void runsEveryRepetitionTheCalibratedNumberOfTimes() {
        AtomicLong calls = new AtomicLong();
        BenchHarness harness = new BenchHarness(0, 0, 3);
        Measurement m = harness.measure(() -> {
            calls.incrementAndGet();
            return 1f;
        });
        assertEquals(3, m.repetitions());
        assertEquals(1, m.opsPerRepetition(), "zero repetition time means one call per repetition");
        assertEquals(1 + 3, calls.get(), "one warm-up call, then one per repetition");
        assertTrue(m.minNanos() <= m.medianNanos() && m.medianNanos() <= m.maxNanos());
    }

    @Test
    void warmUpMakesAtLeastTheMinimumNumberOfCalls() {
        AtomicLong calls = new AtomicLong();
        new BenchHarness(0, 0, 2, 50).measure(() -> {
            calls.incrementAndGet();
            return 0f;
        });
        assertEquals(50 + 2, calls.get());
    }

    @Test
    void rejectsBadTimingSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BenchHarness(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchHarness(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchHarness(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BenchHarness(0, 0, 1, 0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonStringsAreEscaped() {
        String text = "a\"b\\c\nd\u0001";
        MachineInfo machine = new MachineInfo(text, 2, "jdk", "os", "arch", "species", 1L);
        BenchSettings settings = new BenchSettings(java.util.List.of(16), java.util.List.of(1), java.util.List.of("simd"), 1, 0, 0, 1);
        java.util.Map<String, Object> root = (java.util.Map<String, Object>) new com.google.gson.Gson()
                .fromJson(BenchReport.json(machine, settings, java.util.List.of()), Object.class);
        assertEquals(text, ((java.util.Map<String, Object>) root.get("machine")).get("cpu"));
    }

    @Test
    void cpuModelFromCpuinfoOrUnknown() throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t: avx\n");
        assertEquals("Test CPU 9000", MachineInfo.cpuModel(cpuinfo));
        assertEquals("unknown", MachineInfo.cpuModel(dir.resolve("missing")));
    }

    @Test
    void atomicWriteReplacesTheTarget() throws Exception {
        Path target = dir.resolve("r.json");
        Files.writeString(target, "old");
        BenchReport.writeAtomically(target, "{}\n");
        assertEquals("{}\n", Files.readString(target));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }
}
