package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.era4j.bench.BenchReport;
import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code era bench} with tiny sizes and timings: exit codes and the JSON's structure (no timing thresholds). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void writesJsonWithMachineSettingsAndOneRowPerCase() throws Exception {
        Path json = dir.resolve("sub/out.json");
        int code = EraCommand.execute("bench", "--sizes", "37,64", "--n", "1,2", "--threads", "2",
                "--backends", "scalar,simd,simd-threads",
                "--warmup-ms", "0", "--repetition-ms", "0", "--repetitions", "2", "--json", json.toString());
        assertEquals(0, code);
        assertTrue(Files.exists(json));
        try (var listing = Files.list(json.getParent())) {
            assertEquals(List.of(json), listing.toList(), "no temporary file may be left behind");
        }
        Map<String, Object> root = (Map<String, Object>) new Gson().fromJson(Files.readString(json), Object.class);
        assertEquals(BenchReport.SCHEMA, root.get("schema"));

        Map<String, Object> machine = (Map<String, Object>) root.get("machine");
        for (String key : List.of("cpu", "jdk", "os", "arch", "vectorSpecies")) {
            assertInstanceOf(String.class, machine.get(key), key);
            assertFalse(((String) machine.get(key)).isBlank(), key);
        }
        assertEquals((double) Runtime.getRuntime().availableProcessors(), machine.get("cores"));
        assertTrue(((String) machine.get("vectorSpecies")).contains("float"));

        Map<String, Object> settings = (Map<String, Object>) root.get("settings");
        assertEquals(List.of(37.0, 64.0), settings.get("sizes"));
        assertEquals(List.of(1.0, 2.0), settings.get("fractions"));
        assertEquals(List.of("scalar", "simd", "simd-threads"), settings.get("backends"));

        List<Object> results = (List<Object>) root.get("results");
        // per size: copy and read-read-write on 1 and 2 threads, then 3 backends x 2 n x (forward, backward)
        assertEquals(2 * (4 + 3 * 2 * 2), results.size());
        Set<String> cases = new HashSet<>();
        for (Object element : results) {
            Map<String, Object> row = (Map<String, Object>) element;
            String kernel = (String) row.get("kernel");
            assertTrue(kernel.equals("forward") || kernel.equals("backward"), kernel);
            assertEquals(kernel.equals("forward") ? "copy" : "read-read-write", row.get("baseline"));
            assertEquals(kernel.equals("forward") ? 8.0 : 12.0, row.get("bytesPerElement"));
            Map<String, Object> time = (Map<String, Object>) row.get("nsPerCall");
            double median = (Double) time.get("median");
            assertTrue((Double) time.get("min") <= median && median <= (Double) time.get("max"), row.toString());
            assertEquals(2.0, time.get("repetitions"));
            double size = (Double) row.get("size");
            double gelem = (Double) row.get("gelemPerSecond");
            assertTrue(gelem > 0 && Double.isFinite(gelem), row.toString());
            assertEquals(size / median, gelem, 1e-4 * gelem);
            assertEquals(gelem * (Double) row.get("bytesPerElement"), (Double) row.get("gbPerSecond"), 1e-4 * gelem * 12);
            assertTrue((Double) row.get("ratioToBaseline") > 0);
            if (row.get("backend").equals("simd-threads")) {
                assertEquals(2.0, row.get("threads"));
            }
            assertTrue(cases.add(kernel + row.get("backend") + row.get("n") + row.get("threads") + size),
                    "duplicate row " + row);
        }
    }

    @Test
    void printsATableWithoutJson() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = EraCommand.execute("bench", "--sizes", "17", "--n", "2", "--backends", "simd", "--threads", "1",
                    "--warmup-ms", "0", "--repetition-ms", "0", "--repetitions", "1");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Gelem/s"), text);
        // copy, read-read-write, simd forward, simd backward
        assertEquals(4, text.lines().filter(line -> line.matches("^(forward|backward) .*\\s17\\s.*")).count(), text);
    }

    @Test
    void rejectsBadSettingsWithExitCodeTwo() {
        assertEquals(2, EraCommand.execute("bench", "--sizes", "0"));
        assertEquals(2, EraCommand.execute("bench", "--sizes", "8", "--n", "9"));
        assertEquals(2, EraCommand.execute("bench", "--sizes", "8", "--backends", "gpu"));
        assertEquals(2, EraCommand.execute("bench", "--sizes", "8", "--repetitions", "0"));
        assertEquals(2, EraCommand.execute("bench", "--sizes", "8", "--threads", "0"));
        assertEquals(2, EraCommand.execute("bench", "--sizes", "8", "--warmup-ms", "-1"));
    }

    /** OpenCL appears as a backend row where a platform exists (PoCL in CI), else a note says why not. */
    @Test
    @SuppressWarnings("unchecked")
    void openClIsMeasuredWhereAvailableAndExplainedWhereNot() throws Exception {
        Path json = dir.resolve("ocl.json");
        VerifyCommandTest.Captured run = VerifyCommandTest.Captured.run("bench", "--sizes", "64", "--n", "1",
                "--threads", "1", "--backends", "simd,opencl", "--warmup-ms", "0", "--repetition-ms", "0",
                "--repetitions", "2", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> root = (Map<String, Object>) new Gson().fromJson(Files.readString(json), Object.class);
        long openClRows = ((List<Object>) root.get("results")).stream()
                .filter(row -> "opencl".equals(((Map<String, Object>) row).get("backend"))).count();
        List<Object> device = (List<Object>) root.get("device");
        if (run.out().contains("opencl skipped")) {
            assertEquals(0, openClRows);
            assertEquals(0, device.size());
        } else {
            assertEquals(2, openClRows, run.out());
            assertTrue(run.out().contains("opencl device time"), run.out());
            assertEquals(1, device.size(), "one device row per n and size");
            Map<String, Object> rates = (Map<String, Object>) device.get(0);
            double kernel = (Double) rates.get("forwardKernelElemPerSecond");
            double copy = (Double) rates.get("deviceCopyElemPerSecond");
            assertTrue(kernel > 0 && copy > 0, rates.toString());
            assertEquals(kernel / copy, (Double) rates.get("forwardToDeviceCopy"), 1e-5 * kernel / copy);
        }
    }

    @Test
    void plotsEveryBackendNextToItsBaseline() throws Exception {
        Path plots = dir.resolve("plots");
        VerifyCommandTest.Captured run = VerifyCommandTest.Captured.run("bench", "--sizes", "64,4096", "--n", "1",
                "--threads", "1", "--backends", "simd,scalar", "--warmup-ms", "0", "--repetition-ms", "0",
                "--repetitions", "2", "--plot", plots.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String kernel : List.of("forward", "backward")) {
            Path png = plots.resolve("bench-" + kernel + ".png");
            assertTrue(run.out().contains("wrote " + png), run.out());
            org.era4j.plot.PngAssertions.assertPlot(png, org.era4j.plot.ThroughputPlot.WIDTH, org.era4j.plot.ThroughputPlot.HEIGHT);
        }
    }
}
