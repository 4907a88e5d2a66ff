package org.era4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.era4j.io.AtomicFiles;

/** {@code summary.json}: the configuration and final numbers of a finished run. */
public final class RunSummary {

    public static final String FILE_NAME = "summary.json";

    private RunSummary() {
    }

    /**
     * Writes the summary of a run.
     *
     * @param cell    the grid cell this run belongs to (empty for a plain {@code era train})
     * @param config  every training option, by name
     * @param metrics the epochs, in order
     */
    public static void write(Path directory, Map<String, String> cell, Map<String, String> config,
                             long parameterCount, List<EpochMetrics> metrics) throws IOException {
        JsonObject json = new JsonObject();
        JsonObject cellJson = new JsonObject();
        cell.forEach(cellJson::addProperty);
        json.add("cell", cellJson);
        JsonObject configJson = new JsonObject();
        config.forEach(configJson::addProperty);
        json.add("config", configJson);
        json.addProperty("parameters", parameterCount);
        json.addProperty("epochs", metrics.size());
        EpochMetrics last = metrics.isEmpty() ? null : metrics.getLast();
        json.addProperty("finalTestAccuracy", last == null ? Double.NaN : last.testAccuracy());
        json.addProperty("finalTestLoss", last == null ? Double.NaN : last.testLoss());
        json.addProperty("bestTestAccuracy", metrics.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN));
        json.addProperty("trainSeconds", metrics.stream().mapToDouble(EpochMetrics::seconds).sum());
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json);
        AtomicFiles.writeString(directory.resolve(FILE_NAME), text + "\n");
    }

    /**
     * The training configuration recorded in a run's {@code summary.json}; a clear
     * {@link IOException} naming the file when it is not valid JSON, has no {@code config} object,
     * or holds a value that is not a string or not a valid option.
     *
     * @param data the data directory to record in the configuration (null: none)
     * @param run  the run folder (the configuration's output directory)
     */
    public static TrainConfig readConfig(Path summary, Path data, Path run) throws IOException {
        JsonObject json;
        try {
            json = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(summary)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(summary + ": not a valid summary.json", e);
        }
        if (!json.has("config") || !json.get("config").isJsonObject()) {
            throw new IOException(summary + ": not a valid summary.json (no \"config\" object)");
        }
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, com.google.gson.JsonElement> e : json.getAsJsonObject("config").entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new IOException(summary + ": not a valid summary.json (config value '" + e.getKey() + "' is not a string)");
            }
            map.put(e.getKey(), e.getValue().getAsString());
        }
        try {
            return TrainConfig.fromMap(map, data, run);
        } catch (IllegalArgumentException e) {
            throw new IOException(summary + ": " + e.getMessage(), e);
        }
    }
}
