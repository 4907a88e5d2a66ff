package org.era4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.era4j.autograd.Tensor;
import org.era4j.nn.Module;
import org.era4j.nn.io.SafeTensors;
import org.era4j.optim.Optimizer;

/**
 * Checkpoints as one safetensors file: {@code model.NAME} for every parameter, {@code buffer.NAME}
 * for every buffer (normalisation running statistics), {@code optimizer.NAME} for the optimiser's
 * state, and the finished epoch and configuration in the metadata. Written atomically, so a crash
 * during a save leaves the previous checkpoint intact. The {@code model.} tensors load in Python
 * with {@code safetensors.torch.load_file}.
 */
public final class Checkpoints {

    static final String EPOCH = "era4j.epoch";
    static final String METRICS = "era4j.metrics";
    static final String CONFIG = "era4j.config.";

    private Checkpoints() {
    }

    /**
     * What a checkpoint restores besides the tensors: finished epochs, their metrics, the run
     * configuration it was saved with ({@link TrainConfig#asMap()}; empty for checkpoints older
     * than that) and whether its data carried checksums (older checkpoints do not).
     */
    public record Restored(int epoch, java.util.List<EpochMetrics> metrics, Map<String, String> config,
                           boolean checksummed) {
    }

    /** The finished epochs and saved configuration of a checkpoint, without loading it into a model. */
    public static Restored peek(Path file) throws IOException {
        Map<String, String> metadata = new HashMap<>();
        SafeTensors.read(file, metadata);
        java.util.List<EpochMetrics> metrics = metricsOf(file, metadata);
        return new Restored(epochOf(file, metadata), metrics, configOf(metadata), SafeTensors.hasChecksums(metadata));
    }

    private static Map<String, String> configOf(Map<String, String> metadata) {
        Map<String, String> config = new java.util.TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(CONFIG)) {
                config.put(key.substring(CONFIG.length()), value);
            }
        });
        return config;
    }

    /** Saves the state after {@code metrics.size()} finished epochs. */
    public static void save(Path file, Module model, Optimizer optimizer, java.util.List<EpochMetrics> metrics,
                            TrainConfig config) throws IOException {
        int epoch = metrics.size();
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        model.namedParameters().forEach((name, tensor) -> entries.put("model." + name, SafeTensors.entryOf(tensor)));
        model.namedBuffers().forEach((name, values) -> entries.put("buffer." + name, new SafeTensors.Entry(new int[] {values.length}, values)));
        optimizer.state().forEach((name, values) -> entries.put("optimizer." + name, new SafeTensors.Entry(new int[] {values.length}, values)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(EPOCH, Integer.toString(epoch));
        StringBuilder rows = new StringBuilder();
        metrics.forEach(m -> rows.append(m.toCsv()).append('\n'));
        metadata.put(METRICS, rows.toString());
        config.asMap().forEach((key, value) -> metadata.put(CONFIG + key, value));
        SafeTensors.write(file, entries, metadata);
    }

    /** Loads weights, buffers and optimiser state; returns the finished epochs and their metrics. */
    public static Restored restore(Path file, Module model, Optimizer optimizer) throws IOException {
        Map<String, String> metadata = new HashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.read(file, metadata);
        restoreModel(file, entries, model);
        Map<String, float[]> state = new HashMap<>();
        entries.forEach((name, entry) -> {
            if (name.startsWith("optimizer.")) {
                state.put(name.substring("optimizer.".length()), entry.data());
            }
        });
        try {
            optimizer.restoreState(state);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage() + " (checkpoint from a different optimiser?)", e);
        }
        int epoch = epochOf(file, metadata);
        java.util.List<EpochMetrics> metrics = metricsOf(file, metadata);
        if (metrics.size() != epoch) {
            throw new IOException(file + ": checkpoint at epoch " + epoch + " holds " + metrics.size() + " metrics rows");
        }
        return new Restored(epoch, metrics, configOf(metadata), SafeTensors.hasChecksums(metadata));
    }

    private static java.util.List<EpochMetrics> metricsOf(Path file, Map<String, String> metadata) throws IOException {
        java.util.List<EpochMetrics> metrics = new java.util.ArrayList<>();
        for (String line : metadata.getOrDefault(METRICS, "").split("\n")) {
            if (!line.isBlank()) {
                try {
                    metrics.add(EpochMetrics.parseCsv(line, file.toString()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        return metrics;
    }

    /**
     * Loads weights and buffers only (for plots and evaluation); returns the finished epochs. A
     * checkpoint without checksums gives a warning on standard error.
     */
    public static int restoreWeights(Path file, Module model) throws IOException {
        Map<String, String> metadata = new HashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.read(file, metadata);
        if (!SafeTensors.hasChecksums(metadata)) {
            System.err.println(uncheckedWarning(file));
        }
        restoreModel(file, entries, model);
        return epochOf(file, metadata);
    }

    /** The warning for a checkpoint written before checksums. */
    public static String uncheckedWarning(Path file) {
        return "era: warning: " + file + " has no checksums (written by an older era4j); its data cannot be checked for corruption";
    }

    private static void restoreModel(Path file, Map<String, SafeTensors.Entry> entries, Module model) throws IOException {
        for (Map.Entry<String, Tensor> parameter : model.namedParameters().entrySet()) {
            SafeTensors.Entry saved = require(entries, "model." + parameter.getKey(), file);
            if (!java.util.Arrays.equals(saved.shape(), parameter.getValue().shape())) {
                throw new IOException(file + ": tensor 'model." + parameter.getKey() + "' has shape "
                        + java.util.Arrays.toString(saved.shape()) + ", the model needs "
                        + java.util.Arrays.toString(parameter.getValue().shape()) + " (a different model or configuration?)");
            }
            copy(saved.data(), parameter.getValue().data(), "model." + parameter.getKey(), file);
        }
        for (Map.Entry<String, float[]> buffer : model.namedBuffers().entrySet()) {
            copy(require(entries, "buffer." + buffer.getKey(), file).data(), buffer.getValue(), "buffer." + buffer.getKey(), file);
        }
    }

    private static int epochOf(Path file, Map<String, String> metadata) throws IOException {
        String epoch = metadata.get(EPOCH);
        if (epoch == null) {
            throw new IOException(file + ": not an era4j checkpoint (no " + EPOCH + " in the metadata)");
        }
        try {
            return Integer.parseInt(epoch);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad epoch '" + epoch + "' in the metadata", e);
        }
    }

    private static SafeTensors.Entry require(Map<String, SafeTensors.Entry> entries, String name, Path file) throws IOException {
        SafeTensors.Entry entry = entries.get(name);
        if (entry == null) {
            throw new IOException(file + ": checkpoint has no tensor '" + name + "' (a different model or configuration?)");
        }
        return entry;
    }

    private static void copy(float[] from, float[] to, String name, Path file) throws IOException {
        if (from.length != to.length) {
            throw new IOException(file + ": tensor '" + name + "' has " + from.length + " values, the model needs " + to.length);
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
