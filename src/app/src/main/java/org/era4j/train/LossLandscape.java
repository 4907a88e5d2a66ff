package org.era4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.era4j.autograd.CrossEntropy;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;
import org.era4j.data.Dataset;
import org.era4j.nn.Module;
import org.era4j.nn.Sequential;

/**
 * The loss surface around trained weights (Li et al., "Visualizing the Loss Landscape of Neural
 * Nets", NeurIPS 2018): {@code L(theta + a d1 + b d2)} on a square grid of {@code (a, b)}, with
 * two random Gaussian directions {@code d1}, {@code d2} that are <em>filter-normalised</em>: every
 * filter of a direction (a slice along the first axis of a weight tensor: one output unit of a
 * dense layer, one output channel of a convolution, one ERA parameter set) is scaled to the norm
 * of the same filter of the weights. Biases and normalisation scales/shifts get a zero direction
 * (Li et al.'s default). The loss is the mean cross-entropy, in evaluation mode, on a fixed set of
 * images; every grid point is computed by one worker on its own copy of the model, so the result
 * does not depend on the thread count, and seeded runs are identical.
 */
public final class LossLandscape {

    /** Images per forward pass. */
    static final int BATCH = 250;

    private LossLandscape() {
    }

    /** The grid: coordinates along d1 ({@code alphas}) and d2 ({@code betas}), loss and accuracy per point [alpha][beta]. */
    public record Grid(double[] alphas, double[] betas, double[][] loss, double[][] accuracy) {

        /** The grid as CSV: alpha,beta,loss,accuracy, one line per point. */
        public String csv() {
            StringBuilder text = new StringBuilder("alpha,beta,loss,accuracy\n");
            for (int i = 0; i < alphas.length; i++) {
                for (int j = 0; j < betas.length; j++) {
                    text.append(alphas[i]).append(',').append(betas[j]).append(',').append(loss[i][j]).append(',')
                            .append(accuracy[i][j]).append('\n');
                }
            }
            return text.toString();
        }

        /** Reads {@link #csv()} back (a square grid). */
        public static Grid readCsv(java.nio.file.Path file) throws java.io.IOException {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            int count = lines.size() - 1;
            int points = (int) Math.round(Math.sqrt(count));
            if (count < 1 || points * points != count || !lines.getFirst().equals("alpha,beta,loss,accuracy")) {
                throw new java.io.IOException(file + ": not a landscape.csv of a square grid");
            }
            double[] alphas = new double[points];
            double[] betas = new double[points];
            double[][] loss = new double[points][points];
            double[][] accuracy = new double[points][points];
            try {
                for (int p = 0; p < count; p++) {
                    String[] f = lines.get(p + 1).split(",");
                    int i = p / points;
                    int j = p % points;
                    alphas[i] = Double.parseDouble(f[0]);
                    betas[j] = Double.parseDouble(f[1]);
                    loss[i][j] = Double.parseDouble(f[2]);
                    accuracy[i][j] = Double.parseDouble(f[3]);
                }
            } catch (RuntimeException e) {
                throw new java.io.IOException(file + ": not a landscape.csv (" + e.getMessage() + ")", e);
            }
            return new Grid(alphas, betas, loss, accuracy);
        }

        /** The point at (0, 0) when the grid has an odd number of points. */
        public double centreLoss() {
            return loss[alphas.length / 2][betas.length / 2];
        }
    }

    /** {@code points} coordinates evenly from {@code -range} to {@code range}; the middle one is exactly 0 for odd counts. */
    static double[] axis(int points, double range) {
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
            values[i] = points == 1 ? 0 : range * (2 * i - (points - 1)) / (points - 1);
        }
        return values;
    }

    /**
     * A random direction with every filter scaled to the norm of the model's filter; zero for
     * biases and normalisation parameters. Keys are the model's qualified parameter names.
     */
    public static Map<String, float[]> direction(Module model, Random random) {
        Map<String, float[]> direction = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : model.namedParameters().entrySet()) {
            Tensor w = entry.getValue();
            float[] d = new float[w.size()];
            if (w.role() == ParameterRole.WEIGHT || w.role() == ParameterRole.RATIONAL) {
                for (int k = 0; k < d.length; k++) {
                    d[k] = (float) random.nextGaussian();
                }
                int filters = w.shape().length > 1 ? w.shape()[0] : 1;
                int perFilter = d.length / filters;
                float[] data = w.data();
                for (int f = 0; f < filters; f++) {
                    double wNorm = 0;
                    double dNorm = 0;
                    for (int k = f * perFilter; k < (f + 1) * perFilter; k++) {
                        wNorm += (double) data[k] * data[k];
                        dNorm += (double) d[k] * d[k];
                    }
                    double scale = dNorm > 0 ? Math.sqrt(wNorm / dNorm) : 0;
                    for (int k = f * perFilter; k < (f + 1) * perFilter; k++) {
                        d[k] = (float) (d[k] * scale);
                    }
                }
            }
            direction.put(entry.getKey(), d);
        }
        return direction;
    }

    /**
     * Computes the grid. {@code models} gives a fresh copy of the trained model for each worker;
     * {@code progress} hears the number of points finished.
     */
    public static Grid compute(Supplier<Sequential> models, Dataset eval, int points, double range, long seed, int threads,
                               IntConsumer progress) {
        if (points < 1 || points > 201) {
            throw new IllegalArgumentException("--points must be in [1, 201], got " + points);
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("--range must be finite and > 0, got " + range);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        Sequential first = models.get();
        Random random = new Random(seed);
        Map<String, float[]> d1 = direction(first, random);
        Map<String, float[]> d2 = direction(first, random);
        double[] alphas = axis(points, range);
        double[] betas = axis(points, range);
        double[][] loss = new double[points][points];
        double[][] accuracy = new double[points][points];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int total = points * points;
        int workers = Math.min(threads, total);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "era4j-landscape");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Sequential model = w == 0 ? first : models.get();
                futures.add(pool.submit(() -> {
                    Map<String, Tensor> parameters = model.namedParameters();
                    Map<String, float[]> origin = new LinkedHashMap<>();
                    parameters.forEach((name, t) -> origin.put(name, t.data().clone()));
                    try (ExecutionContext context = ExecutionContext.cpu(1)) {
                        for (int p = next.getAndIncrement(); p < total; p = next.getAndIncrement()) {
                            int i = p / points;
                            int j = p % points;
                            float a = (float) alphas[i];
                            float b = (float) betas[j];
                            parameters.forEach((name, t) -> {
                                float[] w0 = origin.get(name);
                                float[] x = d1.get(name);
                                float[] y = d2.get(name);
                                float[] data = t.data();
                                for (int k = 0; k < data.length; k++) {
                                    data[k] = w0[k] + a * x[k] + b * y[k];
                                }
                            });
                            double[] result = evaluate(context, model, eval);
                            loss[i][j] = result[0];
                            accuracy[i][j] = result[1];
                            progress.accept(done.incrementAndGet());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Grid(alphas, betas, loss, accuracy);
    }

    /** Mean cross-entropy and accuracy of {@code model} (evaluation mode) on every image of {@code eval}, in order. */
    public static double[] evaluate(ExecutionContext context, Module model, Dataset eval) {
        model.eval();
        int size = eval.imageSize();
        int classes = eval.classes();
        double lossSum = 0;
        long correct = 0;
        try (GradMode.Scope noGrad = GradMode.disabled()) {
            for (int from = 0; from < eval.size(); from += BATCH) {
                int n = Math.min(BATCH, eval.size() - from);
                float[] images = new float[n * size];
                int[] labels = new int[n];
                for (int k = 0; k < n; k++) {
                    eval.copyImage(from + k, images, k * size);
                    labels[k] = eval.label(from + k);
                }
                Tensor logits = model.forward(context, Tensor.of(images, n, eval.channels(), eval.height(), eval.width()));
                double loss = CrossEntropy.apply(logits, labels).item();
                lossSum += Double.isFinite(loss) ? loss * n : Double.POSITIVE_INFINITY;
                correct += Trainer.countCorrect(logits.data(), labels, n, classes);
            }
        }
        return new double[] {lossSum / eval.size(), (double) correct / eval.size()};
    }

    /** The first {@code count} images of {@code data} (all when it has fewer). */
    public static Dataset firstImages(Dataset data, int count) {
        if (count >= data.size()) {
            return data;
        }
        int[] indices = new int[count];
        Arrays.setAll(indices, k -> k);
        return data.select(indices, data.name() + " (first " + count + ")");
    }
}
