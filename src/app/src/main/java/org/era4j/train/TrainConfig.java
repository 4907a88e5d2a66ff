package org.era4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that defines a training run, as typed values: the command line is read once
 * ({@link #parse}) and the trainer and model factory only see enums and records. Every value is
 * also written to {@code summary.json} and the checkpoint ({@link #asMap()}, the CLI spellings)
 * so a run can be repeated and {@code --resume} can refuse options that would change it.
 *
 * @param activation  a fixed function of the {@link ActivationCatalogue} or an ERA (init, degree, sharing)
 * @param norm        normalisation before each activation; DEFAULT: layer for fcn, instance for cnn, batch otherwise
 * @param normAxes    learnable axes of the normalisation: FEATURE (per feature/channel) or NONE (one scalar)
 * @param schedule    learning-rate schedule; its step count comes from the data trained on
 * @param clip        gradient clipping
 * @param width       hidden-width multiplier (capacity sweeps; 1 = the paper's sizes)
 * @param trainLimit  use only the first N training images (0 = all), for quick runs
 */
public record TrainConfig(Model model, ActivationSpec activation, Norm norm, NormAxes normAxes, Optimizer optimizer,
                          double learningRate, double momentum, Schedule schedule, Clipping clip, double weightDecay,
                          int epochs, int batch, long seed, int threads, String backend, int augmentShift,
                          boolean augmentFlip, double width, int trainLimit, Path data, Path out, boolean resume) {

    /** Upper ends of the numeric options' ranges (stated in {@code era train --help}). */
    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_BATCH = 65_536;
    public static final int MAX_THREADS = 1024;
    public static final int MAX_AUGMENT_SHIFT = 64;

    /** The networks {@code --model} names. */
    public enum Model {
        FCN, CNN, RESNET18, TRANSFORMER, MIXER, MOBILENET;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --norm}. */
    public enum Norm {
        DEFAULT, LAYER, INSTANCE, BATCH, NONE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --norm-axes}: per feature/channel, or one scalar scale and shift. */
    public enum NormAxes {
        FEATURE, NONE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --optimizer}. */
    public enum Optimizer {
        SGD, NESTEROV, ADAM;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TrainConfig {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(activation, "activation");
        java.util.Objects.requireNonNull(norm, "norm");
        java.util.Objects.requireNonNull(normAxes, "normAxes");
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        java.util.Objects.requireNonNull(schedule, "schedule");
        java.util.Objects.requireNonNull(clip, "clip");
        java.util.Objects.requireNonNull(backend, "backend");
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
    }

    /**
     * Reads the command line's spellings once. {@code init}, {@code degree} and {@code sharing}
     * apply to an ERA ({@code --activation era}); {@code era:INIT:DEGREE} overrides the first two.
     * A malformed value is an {@link IllegalArgumentException} of one line naming the flag and the
     * accepted forms.
     */
    public static TrainConfig parse(String model, String activation, String init, int degree, String sharing,
                                    String norm, String normAxes, String optimizer, double learningRate, double momentum,
                                    String schedule, String clip, double weightDecay, int epochs, int batch, long seed,
                                    int threads, String backend, int augmentShift, boolean augmentFlip, double width,
                                    int trainLimit, Path data, Path out, boolean resume) {
        return new TrainConfig(choice(Model.class, "--model", model, Map.of()),
                ActivationSpec.parse(activation, init, degree, sharing),
                choice(Norm.class, "--norm", norm, Map.of()),
                choice(NormAxes.class, "--norm-axes", normAxes,
                        Map.of("channel", NormAxes.FEATURE, "per-channel", NormAxes.FEATURE, "scalar", NormAxes.NONE)),
                choice(Optimizer.class, "--optimizer", optimizer, Map.of()), learningRate, momentum,
                Schedule.parse(schedule), Clipping.parse(clip), weightDecay, epochs, batch, seed, threads, backend,
                augmentShift, augmentFlip, width, trainLimit, data, out, resume);
    }

    /** Reads an enum value from its CLI spelling (lower case, '-' for '_') or an alias; one-line error otherwise. */
    static <E extends Enum<E>> E choice(Class<E> type, String flag, String text, Map<String, E> aliases) {
        String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<String> accepted = new ArrayList<>();
        for (E value : type.getEnumConstants()) {
            String name = value.name().toLowerCase(Locale.ROOT).replace('_', '-');
            accepted.add(name);
            if (name.equals(key)) {
                return value;
            }
        }
        E alias = aliases.get(key);
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException(flag + ": unknown value '" + text + "'; accepted: " + String.join(", ", accepted));
    }

    /** The ERA of this run, or null for a fixed activation. */
    public ActivationSpec.Era era() {
        return activation instanceof ActivationSpec.Era e ? e : null;
    }

    /** Reads back {@link #asMap()} (from summary.json or a checkpoint's metadata). */
    public static TrainConfig fromMap(Map<String, String> map, Path data, Path out) {
        Function<String, String> get = key -> {
            String value = map.get(key);
            if (value == null) {
                throw new IllegalArgumentException("run configuration has no '" + key + "'");
            }
            return value;
        };
        boolean era = get.apply("activation").equals("era");
        try {
            return parse(get.apply("model"), get.apply("activation"), era ? get.apply("init") : "swish",
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

    /**
     * The canonical spelling of one recorded option, so a checkpoint written by an older era4j
     * (which stored what the user typed, e.g. {@code constant}, {@code 1} or {@code silu})
     * compares equal to the same choice made now; a value that no longer parses is returned as is.
     */
    public static String canonical(String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (key) {
                case "model" -> choice(Model.class, "--model", value, Map.of()).cliName();
                case "activation" -> ActivationSpec.parse(value, "swish", 4, "layer").name();
                case "init" -> ActivationSpec.EraInit.parse(value, "--init").name();
                case "sharing" -> ActivationSpec.Sharing.parse(value).name();
                case "norm" -> choice(Norm.class, "--norm", value, Map.of()).cliName();
                case "norm-axes" -> choice(NormAxes.class, "--norm-axes", value,
                        Map.of("channel", NormAxes.FEATURE, "per-channel", NormAxes.FEATURE, "scalar", NormAxes.NONE)).cliName();
                case "optimizer" -> choice(Optimizer.class, "--optimizer", value, Map.of()).cliName();
                case "schedule" -> Schedule.parse(value).text();
                case "clip" -> Clipping.parse(value).text();
                default -> value;
            };
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** Every option by its CLI name and canonical spelling, for summary.json and checkpoints. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("model", model.cliName());
        map.put("activation", activation.name());
        if (activation instanceof ActivationSpec.Era e) {
            map.put("init", e.init().name());
            map.put("degree", Integer.toString(e.degree()));
            map.put("sharing", e.sharing().name());
        }
        map.put("norm", norm.cliName());
        map.put("norm-axes", normAxes.cliName());
        map.put("optimizer", optimizer.cliName());
        map.put("lr", Double.toString(learningRate));
        map.put("momentum", Double.toString(momentum));
        map.put("schedule", schedule.text());
        map.put("clip", clip.text());
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

    /** A short description of the activation, for the console. */
    public String describeActivation() {
        return activation instanceof ActivationSpec.Era e
                ? "ERA(" + e.init().name() + " init, degree " + e.degree() + ", " + e.sharing().name() + " sharing)"
                : activation.name();
    }
}
