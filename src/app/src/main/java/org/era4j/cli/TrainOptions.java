package org.era4j.cli;

import java.nio.file.Path;
import org.era4j.train.TrainConfig;
import picocli.CommandLine.Option;

/** The options of {@code era train}, shared with {@code era experiment} runs. */
final class TrainOptions {

    @Option(names = "--model", defaultValue = "fcn", description = "fcn, cnn, resnet18, transformer, mixer, mobilenet (v1; --width is its multiplier alpha) (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--activation", defaultValue = "era", description = "relu, relu6, leaky-relu, swish, gelu (tanh form, as the paper), gelu-exact, tanh, sigmoid, era, or era:INIT:DEGREE (default: ${DEFAULT-VALUE}); the same names as --init")
    String activation;
    @Option(names = "--init", defaultValue = "swish", description = "ERA initialisation: a fit to relu, leaky-relu, swish, gelu, gelu-exact, tanh, sigmoid (the functions --activation names), or random (default: ${DEFAULT-VALUE})")
    String init;
    @Option(names = "--degree", defaultValue = "4", description = "ERA denominator degree 2n: 2, 4, ..., 16 (default: ${DEFAULT-VALUE})")
    int degree;
    @Option(names = "--sharing", defaultValue = "layer", description = "ERA parameter sharing: layer, channel, group:G (default: ${DEFAULT-VALUE})")
    String sharing;
    @Option(names = "--norm", defaultValue = "default", description = "layer, instance, batch, none, default (layer for FCN, instance for CNN)")
    String norm;
    @Option(names = "--norm-axes", defaultValue = "feature", description = "learnable normalisation axes: feature (per feature/channel) or none (default: ${DEFAULT-VALUE})")
    String normAxes;
    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, nesterov, adam (default: ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.01", description = "learning rate, finite and > 0 (default: ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum in [0, 1) (default: ${DEFAULT-VALUE})")
    double momentum;
    @Option(names = "--schedule", defaultValue = "none", description = "none, step:E1,E2,... (x0.1 after each epoch), step:P%% (x0.1 after P%% of the steps), exp:RATE:STEPS, cosine (over the steps of the data trained on) (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--clip", defaultValue = "none", description = "gradient clipping: none, norm:X, value:X, or X (global norm) (default: ${DEFAULT-VALUE})")
    String clip;
    @Option(names = "--weight-decay", defaultValue = "0.001", description = "L2 on non-rational parameters, finite and >= 0 (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--epochs", defaultValue = "10", description = "1..100000 (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch", defaultValue = "64", description = "1..65536 (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--seed", defaultValue = "1", description = "any 64-bit integer (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", defaultValue = "2", description = "kernel threads 1..1024; results are identical for any count (default: ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--backend", defaultValue = "simd", completionCandidates = BackendNames.class,
            description = "ERA kernels: one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String backend;
    @Option(names = "--augment-shift", defaultValue = "0", description = "random shifts up to N pixels, 0..64 and below the image size (the paper uses 6) (default: ${DEFAULT-VALUE})")
    int augmentShift;
    @Option(names = "--augment-flip", description = "random horizontal flips")
    boolean augmentFlip;
    @Option(names = "--width", defaultValue = "1", description = "hidden-width multiplier for capacity sweeps, in (0, 16] (default: ${DEFAULT-VALUE})")
    double width;
    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images, N >= 0 (0: all)")
    int trainLimit;
    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: $ERA4J_DATA, then /usr/share/datasets/fashion-mnist, then the embedded subset)")
    Path data;
    @Option(names = "--out", defaultValue = "runs/train", description = "run folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    /** Reads every option once into typed values; a malformed one is a one-line error naming its flag. */
    TrainConfig toConfig() {
        return TrainConfig.parse(model, activation, init, degree, sharing, norm, normAxes, optimizer, learningRate, momentum,
                schedule, clip, weightDecay, epochs, batch, seed, threads, backend, augmentShift, augmentFlip, width,
                trainLimit, data, out, resume);
    }

    /** The ERA set every layer started from, or null for fixed activations (for plots). */
    static float[] initialSet(TrainConfig config) {
        return org.era4j.train.ModelFactory.initialSet(config);
    }
}
