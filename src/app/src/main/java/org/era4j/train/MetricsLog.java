package org.era4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.era4j.io.AtomicFiles;

/** {@code metrics.csv}: one row per finished epoch, rewritten atomically after each epoch. */
public final class MetricsLog {

    private MetricsLog() {
    }

    public static void write(Path file, List<EpochMetrics> rows) throws IOException {
        StringBuilder text = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics row : rows) {
            text.append(row.toCsv()).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /** Reads a file written by {@link #write}; an empty list if it does not exist. */
    public static List<EpochMetrics> read(Path file) throws IOException {
        List<EpochMetrics> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(EpochMetrics.CSV_HEADER)) {
            throw new IOException(file + ": not a metrics.csv (header should be " + EpochMetrics.CSV_HEADER + ")");
        }
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                try {
                    rows.add(EpochMetrics.parseCsv(line, file.toString()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        return rows;
    }
}
