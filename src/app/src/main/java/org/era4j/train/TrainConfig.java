package org.era4j.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a training run. Parsed from {@code era train} options; every value is
 * also written to {@code summary.json} so a run can be repeated.
 *
 * @param activation  relu, leaky-relu, swish, gelu, gelu-exact, tanh, sigmoid, era; or the
 *                    shorthand {@code era:INIT:DEGREE} (e.g. {@code era:swish:4}) used by grids
 * @param init        ERA initialisation: swish, gelu, relu, leaky-relu, tanh, ... (a fitted target) or random
 * @param degree      ERA denominator degree 2n
 * @param sharing     layer, channel or group:G
 * @param norm        layer, instance, batch, none, or default (layer for fcn, instance for cnn, ...)
 * @param normAxes    learnable axes of the normalisation: feature (per feature/channel) or none (one scalar)
 * @param schedule    none, step:E1,E2,... (x0.1 at each), exp:RATE:STEPS, cosine
 * @param clip        none, norm:X, value:X, or a number (global norm)
 * @param width       hidden-width multiplier (capacity sweeps; 1 = the paper's sizes)
 * @param trainLimit  use only the first N training images (0 = all), for quick runs
 */
public record TrainConfig(String model, String activation, String init, int degree, String sharing,
                          String norm, String normAxes, String optimizer, double learningRate, double momentum,
                          String schedule, String clip, double weightDecay, int epochs, int batch, long seed,
                          int threads, String backend, int augmentShift, boolean augmentFlip, double width,
                          int trainLimit, Path data, Path out, boolean resume) {

    /** Upper ends of the numeric options' ranges (stated in {@code era train --help}). */
    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_BATCH = 65_536;
    public static final int MAX_THREADS = 1024;
    public static final int MAX_AUGMENT_SHIFT = 64;

    public TrainConfig {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("--epochs must be in [1, " + MAX_EPOCHS + "], got " + epochs);
        }
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("--batch must be in [1, " + MAX_BATCH + "], got " + batch);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
        }
        if (!(width > 0) || width > 16) {
            throw new IllegalArgumentException("--width must be in (0, 16], got " + width);
        }
        if (augmentShift < 0 || augmentShift > MAX_AUGMENT_SHIFT) {
            throw new IllegalArgumentException("--augment-shift must be in [0, " + MAX_AUGMENT_SHIFT
                    + "] and below the image size, got " + augmentShift);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--weight-decay must be finite and >= 0, got " + weightDecay);
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("--train-limit must be >= 0 (0: all images), got " + trainLimit);
        }
        model = model.toLowerCase(Locale.ROOT);
        activation = activation.toLowerCase(Locale.ROOT);
        if (activation.startsWith("era:")) {
            String[] parts = activation.split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--activation era:INIT[:DEGREE], got " + activation);
            }
            init = parts[1];
            if (parts.length == 3) {
                try {
                    degree = Integer.parseInt(parts[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--activation era:INIT:DEGREE needs a number for DEGREE, got " + parts[2]);
                }
            }
            activation = "era";
        }
    }

    /** Reads back {@link #asMap()} (from summary.json or a checkpoint's metadata). */
    public static TrainConfig fromMap(Map<String, String> map, Path data, Path out) {
        java.util.function.Function<String, String> get = key -> {
            String value = map.get(key);
            if (value == null) {
                throw new IllegalArgumentException("run configuration has no '" + key + "'");
            }
            return value;
        };
        boolean era = get.apply("activation").equals("era");
        try {
            return new TrainConfig(get.apply("model"), get.apply("activation"), era ? get.apply("init") : "swish",
                    era ? Integer.parseInt(get.apply("degree")) : 4, era ? get.apply("sharing") : "layer",
                    get.apply("norm"), get.apply("norm-axes"), get.apply("optimizer"), Double.parseDouble(get.apply("lr")),
                    Double.parseDouble(get.apply("momentum")), get.apply("schedule"), get.apply("clip"),
                    Double.parseDouble(get.apply("weight-decay")), Integer.parseInt(get.apply("epochs")),
                    Integer.parseInt(get.apply("batch")), Long.parseLong(get.apply("seed")),
                    Integer.parseInt(get.apply("threads")), get.apply("backend"), Integer.parseInt(get.apply("augment-shift")),
                    Boolean.parseBoolean(get.apply("augment-flip")), Double.parseDouble(get.apply("width")),
                    Integer.parseInt(get.apply("train-limit")), data, out, true);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("run configuration has a bad number: " + e.getMessage(), e);
        }
    }

    /** Every option by its CLI name, for summary.json. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("model", model);
        map.put("activation", activation);
        if (activation.equals("era")) {
            map.put("init", init);
            map.put("degree", Integer.toString(degree));
            map.put("sharing", sharing);
        }
        map.put("norm", norm);
        map.put("norm-axes", normAxes);
        map.put("optimizer", optimizer);
        map.put("lr", Double.toString(learningRate));
        map.put("momentum", Double.toString(momentum));
        map.put("schedule", schedule);
        map.put("clip", clip);
        map.put("weight-decay", Double.toString(weightDecay));
        map.put("epochs", Integer.toString(epochs));
        map.put("batch", Integer.toString(batch));
        map.put("seed", Long.toString(seed));
        map.put("threads", Integer.toString(threads));
        map.put("backend", backend);
        map.put("augment-shift", Integer.toString(augmentShift));
        map.put("augment-flip", Boolean.toString(augmentFlip));
        map.put("width", Double.toString(width));
        map.put("train-limit", Integer.toString(trainLimit));
        return map;
    }
}
