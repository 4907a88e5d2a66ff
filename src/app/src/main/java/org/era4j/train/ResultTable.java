package org.era4j.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Collects the {@code summary.json} files of an experiment's runs and prints a markdown table of
 * mean +- sample standard deviation of the final test accuracy per cell, like the paper's tables.
 */
public final class ResultTable {

    private ResultTable() {
    }

    /** One finished run: its cell options and final test accuracy. */
    public record Run(Map<String, String> cell, double finalTestAccuracy) {
    }

    /** Reads every {@code summary.json} below {@code directory}, in path order. */
    public static List<Run> collect(Path directory) throws IOException {
        List<Run> runs = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return runs;
        }
        List<Path> summaries;
        try (Stream<Path> files = Files.walk(directory)) {
            summaries = files.filter(p -> p.getFileName().toString().equals(RunSummary.FILE_NAME)).sorted().toList();
        }
        for (Path summary : summaries) {
            JsonObject json;
            try {
                json = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(summary + ": not a valid summary.json (" + e.getMessage() + ")", e);
            }
            Map<String, String> cell = new LinkedHashMap<>();
            if (json.has("cell")) {
                json.getAsJsonObject("cell").entrySet().forEach(e -> cell.put(e.getKey(), e.getValue().getAsString()));
            }
            if (!json.has("finalTestAccuracy")) {
                throw new IOException(summary + ": summary.json has no finalTestAccuracy");
            }
            runs.add(new Run(cell, json.get("finalTestAccuracy").getAsDouble()));
        }
        return runs;
    }

    /** A markdown table, one row per cell in first-seen order. Accuracies in percent. */
    public static String markdown(List<Run> runs) {
        Map<Map<String, String>, List<Double>> byCell = new LinkedHashMap<>();
        List<String> axes = new ArrayList<>();
        for (Run run : runs) {
            byCell.computeIfAbsent(run.cell(), k -> new ArrayList<>()).add(run.finalTestAccuracy());
            run.cell().keySet().forEach(axis -> {
                if (!axes.contains(axis)) {
                    axes.add(axis);
                }
            });
        }
        StringBuilder table = new StringBuilder("|");
        axes.forEach(axis -> table.append(' ').append(axis).append(" |"));
        table.append(" test accuracy % (mean +- std) | runs |\n|");
        table.append("---|".repeat(axes.size() + 2)).append('\n');
        byCell.forEach((cell, accuracies) -> {
            table.append('|');
            axes.forEach(axis -> table.append(' ').append(cell.getOrDefault(axis, "")).append(" |"));
            double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double variance = accuracies.size() < 2 ? 0 : accuracies.stream()
                    .mapToDouble(a -> (a - mean) * (a - mean)).sum() / (accuracies.size() - 1);
            table.append(String.format(Locale.ROOT, " %.2f +- %.2f | %d |%n", 100 * mean, 100 * Math.sqrt(variance),
                    accuracies.size()));
        });
        return table.toString();
    }
}
