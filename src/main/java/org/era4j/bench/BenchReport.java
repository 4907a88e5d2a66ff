package org.era4j.bench;

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
        StringBuilder s = new StringBuilder(256 + 320 * rows.size());
        s.append("{\n  \"schema\": ").append(quote(SCHEMA)).append(",\n");
        s.append("  \"machine\": {")
                .append("\"cpu\": ").append(quote(machine.cpu()))
                .append(", \"cores\": ").append(machine.cores())
                .append(", \"jdk\": ").append(quote(machine.jdk()))
                .append(", \"os\": ").append(quote(machine.os()))
                .append(", \"arch\": ").append(quote(machine.arch()))
                .append(", \"vectorSpecies\": ").append(quote(machine.species()))
                .append(", \"maxHeapBytes\": ").append(machine.maxHeapBytes())
                .append("},\n");
        s.append("  \"settings\": {")
                .append("\"sizes\": ").append(settings.sizes())
                .append(", \"fractions\": ").append(settings.fractions())
                .append(", \"backends\": [");
        for (int i = 0; i < settings.backends().size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(settings.backends().get(i)));
        }
        s.append("], \"threads\": ").append(settings.threads())
                .append(", \"warmupMillis\": ").append(settings.warmupMillis())
                .append(", \"repetitionMillis\": ").append(settings.repetitionMillis())
                .append(", \"repetitions\": ").append(settings.repetitions())
                .append("},\n");
        s.append("  \"results\": [");
        for (int i = 0; i < rows.size(); i++) {
            BenchRow row = rows.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    {")
                    .append("\"kernel\": ").append(quote(row.kernel()))
                    .append(", \"backend\": ").append(quote(row.backend()))
                    .append(", \"n\": ").append(row.fractions())
                    .append(", \"threads\": ").append(row.threads())
                    .append(", \"size\": ").append(row.size())
                    .append(", \"bytesPerElement\": ").append(row.bytesPerElement())
                    .append(", \"nsPerCall\": {\"median\": ").append(number(row.time().medianNanos()))
                    .append(", \"min\": ").append(number(row.time().minNanos()))
                    .append(", \"max\": ").append(number(row.time().maxNanos()))
                    .append(", \"repetitions\": ").append(row.time().repetitions())
                    .append(", \"callsPerRepetition\": ").append(row.time().opsPerRepetition())
                    .append("}, \"gelemPerSecond\": ").append(number(row.gigaElementsPerSecond()))
                    .append(", \"gbPerSecond\": ").append(number(row.gigabytesPerSecond()))
                    .append(", \"baseline\": ").append(quote(row.baseline()))
                    .append(", \"ratioToBaseline\": ").append(number(row.ratioToBaseline()))
                    .append('}');
        }
        s.append(rows.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return s.toString();
    }

    /** Writes {@code text} to {@code target} atomically: temp file, fsync, atomic rename. */
    public static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.writeString(target, text);
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }

    static String quote(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
