package org.era4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.data.Augmentation;
import org.era4j.data.Batch;
import org.era4j.data.Batcher;
import org.era4j.data.Dataset;
import org.era4j.data.TrainTestData;
import org.era4j.nn.BatchNorm;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.Module;
import org.era4j.nn.Sequential;
import org.era4j.optim.Adam;
import org.era4j.optim.L2Regularization;
import org.era4j.optim.LearningRateSchedule;
import org.era4j.optim.Optimizer;
import org.era4j.optim.Sgd;

/**
 * Trains one network on one data set: seeded batches and augmentation, the configured optimiser,
 * schedule, L2 (non-rational parameters only) and clipping; after every epoch the test loss and
 * accuracy, a row of {@code metrics.csv} and an atomically written checkpoint
 * ({@code checkpoint.safetensors}: weights, buffers, optimiser state, epoch). A run continued
 * with {@code resume} from any checkpoint ends with the same weights as an uninterrupted run,
 * because everything random depends only on (seed, epoch).
 */
public final class Trainer {

    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String METRICS = "metrics.csv";

    private final TrainConfig config;
    private final PrintStream out;
    private final boolean interactive;

    /** The outcome of a run. */
    public record Result(Sequential model, List<EpochMetrics> metrics) {
    }

    public Trainer(TrainConfig config, PrintStream out, boolean interactive) {
        this.config = config;
        this.out = out;
        this.interactive = interactive;
    }

    /** Trains (or resumes) and returns the model and every epoch's metrics. */
    public Result run(TrainTestData data, Map<String, String> cell) throws IOException {
        try (ExecutionContext context = ExecutionContext.open(config.backend(), config.threads())) {
            return train(context, data, cell);
        }
    }

    private Result train(ExecutionContext context, TrainTestData data, Map<String, String> cell) throws IOException {
        Dataset train = config.trainLimit() > 0 && config.trainLimit() < data.train().size()
                ? data.train().select(firstIndices(config.trainLimit()), data.train().name() + " (first " + config.trainLimit() + ")")
                : data.train();
        Dataset test = data.test();
        int[] imageShape = {train.channels(), train.height(), train.width()};
        int classes = train.classes();
        Sequential model = ModelFactory.build(config, imageShape, classes);
        Optimizer optimizer = optimizer(model);
        LearningRateSchedule schedule = config.schedule().build(config.learningRate(), config.epochs(),
                Math.ceilDiv(train.size(), config.batch()));
        ClassifierStep step = clipping(context, model, optimizer);

        if (config.augmentShift() >= Math.min(train.height(), train.width())) {
            throw new IllegalArgumentException("--augment-shift must be below the image size (" + train.height() + "x"
                    + train.width() + "), got " + config.augmentShift());
        }
        Path directory = config.out();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--out " + directory + " exists and is not a directory (a run folder is needed)");
        }
        Files.createDirectories(directory);
        try (RunLock lock = RunLock.acquire(directory)) {
            return train(context, train, test, data, cell, imageShape, classes, model, optimizer, schedule, step, directory);
        }
    }

    private Result train(ExecutionContext context, Dataset train, Dataset test, TrainTestData data, Map<String, String> cell, int[] imageShape,
                         int classes, Sequential model, Optimizer optimizer, LearningRateSchedule schedule,
                         ClassifierStep step, Path directory) throws IOException {
        Path checkpoint = directory.resolve(CHECKPOINT);
        List<EpochMetrics> metrics = new ArrayList<>();
        int start = 0;
        if (Files.exists(checkpoint)) {
            if (!config.resume()) {
                throw new IllegalArgumentException(directory + " already holds a checkpoint; pass --resume to continue it "
                        + "or choose another --out");
            }
            Checkpoints.Restored saved = Checkpoints.peek(checkpoint);
            refuseTrajectoryChanges(checkpoint, saved);
            Checkpoints.Restored restored = Checkpoints.restore(checkpoint, model, optimizer);
            if (!restored.checksummed()) {
                out.println(Checkpoints.uncheckedWarning(checkpoint));
            }
            start = restored.epoch();
            metrics.addAll(restored.metrics());
            // a crash between the checkpoint's rename and these writes left them behind the checkpoint
            MetricsLog.write(directory.resolve(METRICS), metrics);
            out.printf(Locale.ROOT, "resuming %s from epoch %d of %d%n", directory, start, config.epochs());
        }
        out.printf(Locale.ROOT, "%s %s on %s: %d train / %d test images, %,d parameters, %d thread(s), %s kernels%n",
                config.model().cliName(), config.describeActivation(), data.origin(), train.size(), test.size(), model.parameterCount(),
                config.threads(), config.backend());

        Augmentation augmentation = new Augmentation(config.augmentShift(), config.augmentFlip());
        Batcher batcher = new Batcher(train, config.batch(), true, augmentation, config.seed());
        Batcher testBatcher = new Batcher(test, config.batch(), false, Augmentation.NONE, config.seed());
        Batch batch = batcher.newBatch();
        Batch testBatch = testBatcher.newBatch();
        float[] logits = new float[config.batch() * classes];
        long globalStep = (long) start * batcher.batchesPerEpoch();
        for (int epoch = start; epoch < config.epochs(); epoch++) {
            long began = System.nanoTime();
            batcher.startEpoch(epoch);
            ProgressBar bar = new ProgressBar(out, interactive, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs()),
                    train.size());
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            double learningRate = optimizer.learningRate();
            while (batcher.next(batch)) {
                learningRate = schedule.rate(epoch, globalStep);
                optimizer.setLearningRate(learningRate);
                int n = batch.size();
                int[] labels = n == batch.capacity() ? batch.labels() : Arrays.copyOf(batch.labels(), n);
                float loss;
                try {
                    loss = step.train(imagesOf(batch, imageShape), new int[] {n, imageShape[0], imageShape[1], imageShape[2]}, labels, logits);
                } catch (IllegalStateException diverged) {
                    throw new TrainingDivergedException("epoch " + (epoch + 1) + ", step " + globalStep + ": " + diverged.getMessage()
                            + "; first non-finite layer output: " + firstNonFiniteLayer(context, model, batch, imageShape)
                            + ". The last good checkpoint (" + (Files.exists(checkpoint) ? checkpoint : "none yet") + ") is intact.", diverged);
                }
                lossSum += (double) loss * n;
                correct += countCorrect(logits, labels, n, classes);
                seen += n;
                globalStep++;
                bar.update(seen, lossSum / seen);
            }
            bar.finish();
            double seconds = (System.nanoTime() - began) / 1e9;
            populationStatistics(step, model, train, config.batch(), imageShape);
            double[] testResult = evaluate(step, testBatcher, testBatch, logits, imageShape, classes);
            EpochMetrics row = new EpochMetrics(epoch + 1, learningRate, lossSum / seen, (double) correct / seen,
                    testResult[0], testResult[1], seconds, seen / seconds);
            metrics.add(row);
            // The checkpoint carries the metrics too, so a crash between the two writes loses nothing.
            Checkpoints.save(checkpoint, model, optimizer, metrics, config);
            MetricsLog.write(directory.resolve(METRICS), metrics);
            out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.2f%%  test loss %.4f acc %.2f%%  %.1f s  %.0f img/s%n",
                    epoch + 1, config.epochs(), row.trainLoss(), 100 * row.trainAccuracy(), row.testLoss(),
                    100 * row.testAccuracy(), seconds, row.imagesPerSecond());
        }
        RunSummary.write(directory, cell, config.asMap(), model.parameterCount(), metrics);
        return new Result(model, metrics);
    }

    /**
     * Options that may differ on {@code --resume}: they do not change what is computed
     * ({@code --threads}: results are bitwise identical for any count) or only how far the run
     * goes ({@code --epochs}, unless the schedule depends on it).
     */
    static final java.util.Set<String> RESUMABLE_CHANGES = java.util.Set.of("threads", "epochs");

    /** Refuses to continue a checkpoint under options that would change its trajectory, naming every difference. */
    private void refuseTrajectoryChanges(Path checkpoint, Checkpoints.Restored saved) {
        Map<String, String> now = config.asMap();
        Map<String, String> then = saved.config();
        if (then.isEmpty()) {
            out.println("era: warning: " + checkpoint + " records no run configuration (older era4j); "
                    + "the options given now are trusted to match the ones it was trained with");
            return;
        }
        List<String> differences = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(now.keySet());
        keys.addAll(then.keySet());
        for (String key : keys) {
            // older checkpoints recorded the spelling typed (constant, 1, silu): compare canonical forms
            String was = TrainConfig.canonical(key, then.get(key));
            String is = now.get(key);
            if (java.util.Objects.equals(was, is) || RESUMABLE_CHANGES.contains(key)) {
                continue;
            }
            differences.add("--" + key + " " + (is == null ? "(unset)" : is) + " (checkpoint: " + (was == null ? "unset" : was) + ")");
        }
        if (config.epochs() < saved.epoch()) {
            differences.add("--epochs " + config.epochs() + " (the checkpoint has already finished " + saved.epoch() + ")");
        } else if (config.schedule().dependsOnLength() && then.containsKey("epochs")
                && !then.get("epochs").equals(Integer.toString(config.epochs()))) {
            differences.add("--epochs " + config.epochs() + " (checkpoint: " + then.get("epochs")
                    + "; the " + config.schedule().text() + " schedule depends on it)");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("--resume: " + checkpoint + " was trained with other options; these would change "
                    + "its trajectory: " + String.join(", ", differences) + ". Resume with the checkpoint's values or choose another --out");
        }
    }

    private Optimizer optimizer(Module model) {
        return switch (config.optimizer()) {
            case SGD -> new Sgd(model.parameters(), config.learningRate(), config.momentum(), false);
            case NESTEROV -> new Sgd(model.parameters(), config.learningRate(), config.momentum(), true);
            case ADAM -> Adam.of(model.parameters(), config.learningRate());
        };
    }

    private ClassifierStep clipping(ExecutionContext context, Module model, Optimizer optimizer) {
        L2Regularization l2 = config.weightDecay() > 0 ? new L2Regularization(config.weightDecay()) : null;
        return new ClassifierStep(context, model, optimizer, l2, config.clip().kind(), config.clip().threshold());
    }

    /** Test loss and accuracy in evaluation mode, over the whole test set in order. */
    /** Training batches (in data set order, no augmentation) over which batch norms average their population statistics. */
    static final int POPULATION_BATCHES = 50;

    /**
     * Before each evaluation, batch norms get population statistics of the current weights
     * ({@link BatchNorm#collectPopulation}) from the first {@value #POPULATION_BATCHES} full
     * training batches: with the exponential average alone, a deep network trained for a few
     * hundred steps (MobileNet) was evaluated with statistics that lagged its weights in every layer
     * and tested near chance while training at 80 %. Models without batch norm are untouched.
     */
    static void populationStatistics(ClassifierStep step, Module model, Dataset train, int batchSize, int[] imageShape) {
        BatchNorm.collectPopulation(model, () -> {
            Batcher batcher = new Batcher(train, batchSize, false, Augmentation.NONE, 0);
            Batch batch = batcher.newBatch();
            batcher.startEpoch(0);
            // full batches only, except a training set smaller than one batch (then its one partial batch)
            for (int b = 0; b < POPULATION_BATCHES && batcher.next(batch) && (b == 0 || batch.size() == batchSize); b++) {
                step.forwardOnly(imagesOf(batch, imageShape), new int[] {batch.size(), imageShape[0], imageShape[1], imageShape[2]});
            }
        });
    }

    static double[] evaluate(ClassifierStep step, Batcher batcher, Batch batch, float[] logits, int[] imageShape, int classes) {
        batcher.startEpoch(0);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        while (batcher.next(batch)) {
            int n = batch.size();
            int[] labels = n == batch.capacity() ? batch.labels() : Arrays.copyOf(batch.labels(), n);
            float loss = step.evaluate(imagesOf(batch, imageShape), new int[] {n, imageShape[0], imageShape[1], imageShape[2]}, labels, logits);
            lossSum += (double) loss * n;
            correct += countCorrect(logits, labels, n, classes);
            seen += n;
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }

    /** The batch's images; a copy only for the last, partial batch of an epoch. */
    private static float[] imagesOf(Batch batch, int[] imageShape) {
        int n = batch.size();
        return n == batch.capacity() ? batch.images()
                : Arrays.copyOf(batch.images(), n * imageShape[0] * imageShape[1] * imageShape[2]);
    }

    static long countCorrect(float[] logits, int[] labels, int n, int classes) {
        long correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[i * classes + k] > logits[i * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** Runs the batch through the top-level layers one by one and names the first with a non-finite output. */
    static String firstNonFiniteLayer(ExecutionContext context, Sequential model, Batch batch, int[] imageShape) {
        try (GradMode.Scope noGrad = GradMode.disabled()) {
            int n = batch.size();
            float[] input = imagesOf(batch, imageShape).clone();
            Tensor x = Tensor.of(input, n, imageShape[0], imageShape[1], imageShape[2]);
            if (!allFinite(x.data())) {
                return "the input batch itself";
            }
            for (Map.Entry<String, Module> layer : model.children().entrySet()) {
                x = layer.getValue().forward(context, x);
                if (!allFinite(x.data())) {
                    return "'" + layer.getKey() + "' (" + layer.getValue().getClass().getSimpleName() + ")";
                }
            }
            return "none (every layer output is finite; the loss itself overflowed)";
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static int[] firstIndices(int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** Cell options for a plain run: empty. */
    static Map<String, String> noCell() {
        return new LinkedHashMap<>();
    }
}
