package org.era4j.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.era4j.io.AtomicFiles;

/**
 * Formats benchmark rows as a text table and as JSON ({@code "schema": "era4j-bench/1"}) with the
 * machine description, the settings and one object per row.
 */
public final class BenchReport {

    /** Identifies the JSON layout; bump when fields change meaning. */
    public static final String SCHEMA = "era4j-bench/1";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private BenchReport() {
    }

    /** The table header line. */
    public static String header() {
        return String.format(Locale.ROOT, "%-8s %-16s %2s %3s %10s %10s %9s %8s %9s %7s",
                "kernel", "backend", "n", "thr", "size", "ns/call", "Gelem/s", "GB/s", "vs " + "base", "spread");
    }

    /** One table line: Gelem/s, GB/s and the throughput ratio to the same-run baseline. */
    public static String line(BenchRow row) {
        return String.format(Locale.ROOT, "%-8s %-16s %2s %3d %10d %10.0f %9.3f %8.2f %9.3f %6.1f%%",
                row.kernel(), row.backend(), row.isBaseline() ? "-" : Integer.toString(row.fractions()),
                row.threads(), row.size(), row.time().medianNanos(), row.gigaElementsPerSecond(),
                row.gigabytesPerSecond(), row.ratioToBaseline(), 100 * row.time().relativeSpread());
    }

    /** The whole report as JSON text. */
    public static String json(MachineInfo machine, BenchSettings settings, List<BenchRow> rows) {
        return json(machine, settings, rows, java.util.Map.of());
    }

    /**
     * The whole report as JSON text, with each device backend's event-timed rates (elements per
     * second) and its ratios to the device's own copy and read-read-write baselines.
     */
    public static String json(MachineInfo machine, BenchSettings settings, List<BenchRow> rows,
                              java.util.Map<String, List<org.era4j.kernel.DeviceTimedBackend.Rates>> device) {
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        JsonObject machineJson = new JsonObject();
        machineJson.addProperty("cpu", machine.cpu());
        machineJson.addProperty("cores", machine.cores());
        machineJson.addProperty("jdk", machine.jdk());
        machineJson.addProperty("os", machine.os());
        machineJson.addProperty("arch", machine.arch());
        machineJson.addProperty("vectorSpecies", machine.species());
        machineJson.addProperty("maxHeapBytes", machine.maxHeapBytes());
        root.add("machine", machineJson);
        JsonObject settingsJson = new JsonObject();
        settingsJson.add("sizes", GSON.toJsonTree(settings.sizes()));
        settingsJson.add("fractions", GSON.toJsonTree(settings.fractions()));
        settingsJson.add("backends", GSON.toJsonTree(settings.backends()));
        settingsJson.addProperty("threads", settings.threads());
        settingsJson.addProperty("warmupMillis", settings.warmupMillis());
        settingsJson.addProperty("repetitionMillis", settings.repetitionMillis());
        settingsJson.addProperty("repetitions", settings.repetitions());
        root.add("settings", settingsJson);
        JsonArray results = new JsonArray();
        for (BenchRow row : rows) {
            JsonObject r = new JsonObject();
            r.addProperty("kernel", row.kernel());
            r.addProperty("backend", row.backend());
            r.addProperty("n", row.fractions());
            r.addProperty("threads", row.threads());
            r.addProperty("size", row.size());
            r.addProperty("bytesPerElement", row.bytesPerElement());
            JsonObject time = new JsonObject();
            time.add("median", number(row.time().medianNanos()));
            time.add("min", number(row.time().minNanos()));
            time.add("max", number(row.time().maxNanos()));
            time.addProperty("repetitions", row.time().repetitions());
            time.addProperty("callsPerRepetition", row.time().opsPerRepetition());
            r.add("nsPerCall", time);
            r.add("gelemPerSecond", number(row.gigaElementsPerSecond()));
            r.add("gbPerSecond", number(row.gigabytesPerSecond()));
            r.addProperty("baseline", row.baseline());
            r.add("ratioToBaseline", number(row.ratioToBaseline()));
            results.add(r);
        }
        root.add("results", results);
        JsonArray deviceJson = new JsonArray();
        device.forEach((backend, rates) -> {
            for (org.era4j.kernel.DeviceTimedBackend.Rates rate : rates) {
                JsonObject d = new JsonObject();
                d.addProperty("backend", backend);
                d.addProperty("device", rate.device());
                d.addProperty("n", rate.fractions());
                d.addProperty("size", rate.length());
                d.add("forwardKernelElemPerSecond", number(rate.forwardKernel()));
                d.add("forwardWithTransferElemPerSecond", number(rate.forwardWithTransfer()));
                d.add("forwardWallElemPerSecond", number(rate.forwardWall()));
                d.add("backwardKernelElemPerSecond", number(rate.backwardKernel()));
                d.add("backwardWithTransferElemPerSecond", number(rate.backwardWithTransfer()));
                d.add("backwardWallElemPerSecond", number(rate.backwardWall()));
                d.add("deviceCopyElemPerSecond", number(rate.copy()));
                d.add("deviceReadReadWriteElemPerSecond", number(rate.readReadWrite()));
                d.add("forwardToDeviceCopy", number(rate.forwardToCopy()));
                d.add("backwardToDeviceReadReadWrite", number(rate.backwardToReadReadWrite()));
                deviceJson.add(d);
            }
        });
        root.add("device", deviceJson);
        return GSON.toJson(root) + "\n";
    }

    /** Writes {@code text} to {@code target} atomically: temp file, fsync, atomic rename. */
    public static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.writeString(target, text);
    }

    /** Six significant digits (timings are not more precise); null when not finite. */
    private static JsonElement number(double value) {
        if (!Double.isFinite(value)) {
            return JsonNull.INSTANCE;
        }
        return new JsonPrimitive(Double.parseDouble(String.format(Locale.ROOT, "%.6g", value)));
    }
}
