package org.era4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.era4j.bench.BenchRow;
import org.era4j.bench.BenchSettings;
import org.era4j.bench.BenchSuite;
import org.era4j.data.DataLocation;
import org.era4j.data.DataLocator;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.TrainTestData;
import org.era4j.nn.EraActivation;
import org.era4j.nn.Module;
import org.era4j.nn.Sequential;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.era4j.train.EpochMetrics;
import org.era4j.train.ModelFactory;
import org.era4j.train.ProgressBar;
import org.era4j.train.RunPlots;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era demo}: the paper's FCN (layer norm) trained three times with the recipe of
 * docs/results.md (SGD momentum 0.9, batch 64, lr 0.01 and x0.1 for the last fifth of the steps,
 * L2 0.001 on non-rational parameters), with ReLU, GELU and a Swish-initialised ERA of degree
 * 5/4, on the same budget of training images; the accuracies and times side by side, the learned
 * ERAs (plots) and the ERA kernel's speed against a memory copy measured in the same process.
 *
 * <p>Data: the full Fashion-MNIST where it is found ({@code --data}, {@code $ERA4J_DATA}, the
 * Debian package), else the subset bundled in the jar. The budget is the same number of training
 * images on both: 60,000 by default, one epoch of the full training set or six of the subset's
 * 10,000 images. Recipe and budget were chosen once and are not tuned to the outcome.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the paper's FCN with ReLU, GELU and a Swish-initialised ERA on Fashion-MNIST (the full set where "
                + "installed, else the bundled subset), compare them, draw the learned ERAs and time the ERA kernel against a memory copy."})
final class DemoCommand implements Callable<Integer> {

    /** Training images each run sees (the paper's recipe, shortened to fit about a minute on 2 cores). */
    static final int DEFAULT_IMAGES = 60_000;

    @Option(names = "--images", defaultValue = "" + DEFAULT_IMAGES,
            description = "training images per run, 64..10000000; above one pass over the training set, rounded to whole epochs (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--threads", defaultValue = "2", description = "kernel threads, 1..1024 (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "any 64-bit integer (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: $ERA4J_DATA, then /usr/share/datasets/fashion-mnist, then the bundled subset)")
    Path data;

    @Option(names = "--subset", description = "use the bundled 10,000 + 2,000 image subset even where the full data set is installed")
    boolean subset;

    @Option(names = "--bench-ms", defaultValue = "100", description = "warm-up per kernel-speed case in ms, 0..60000 (0 skips the kernel speed; default: ${DEFAULT-VALUE})")
    long benchMillis;

    @Option(names = "--out", defaultValue = "runs/demo", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    /** The runs of the demo: label, run folder name and activation. */
    private static final String[][] RUNS = {
        {"ReLU", "relu", "relu"},
        {"GELU (tanh)", "gelu", "gelu"},
        {"ERA (Swish init, 5/4)", "era", "era:swish:4"},
    };

    record Outcome(String label, String folder, List<EpochMetrics> metrics, Sequential model, float[] initial) {
        double test() {
            return metrics.getLast().testAccuracy();
        }
    }

    @Override
    public Integer call() throws IOException {
        if (images < 64 || images > 10_000_000) {
            throw new IllegalArgumentException("--images must be in [64, 10000000], got " + images);
        }
        if (benchMillis < 0 || benchMillis > 60_000) {
            throw new IllegalArgumentException("--bench-ms must be in [0, 60000], got " + benchMillis);
        }
        if (subset && data != null) {
            throw new IllegalArgumentException("--subset and --data exclude each other");
        }
        DataLocation location = subset ? new DataLocation(DataLocation.Source.EMBEDDED, null) : DataLocator.fromSystem().locate(data);
        TrainTestData dataset = location.load();
        boolean full = location.source() != DataLocation.Source.EMBEDDED;
        int trainSize = dataset.train().size();
        // at most one pass: the first `images` images once; more: whole passes, rounded
        int epochs = images <= trainSize ? 1 : Math.round((float) images / trainSize);
        int limit = images < trainSize ? images : 0;
        int seen = (limit > 0 ? limit : trainSize) * epochs;
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "era demo: %s (%,d training / %,d test images)%n", full
                ? "the full Fashion-MNIST data set, " + dataset.origin()
                : "the bundled Fashion-MNIST subset" + (subset ? " (--subset)" : " (no full data set found: --data DIR, $ERA4J_DATA or "
                        + DataLocator.DEBIAN_FASHION_MNIST + ")"),
                trainSize, dataset.test().size());
        console.printf(Locale.ROOT, "recipe (docs/results.md, the paper's shortened): FCN 512-256-128 with layer norm, SGD momentum 0.9, "
                + "batch 64, lr 0.01, x0.1 for the last fifth of the steps, L2 0.001; %,d training images per run (%d epoch(s)%s), seed %d%n%n",
                seen, epochs, limit > 0 ? " of the first " + limit : "", seed);

        List<Outcome> outcomes = new ArrayList<>();
        for (String[] run : RUNS) {
            Path runDirectory = out.resolve(run[1]);
            Files.deleteIfExists(runDirectory.resolve(Trainer.CHECKPOINT)); // the demo always starts afresh
            TrainConfig config = TrainConfig.parse("fcn", run[2], "swish", 4, "layer", "default", "feature", "sgd",
                    0.01, 0.9, "step:80%", "none", 0.001, epochs, 64, seed, threads, "simd", 0, false, 1, limit, null,
                    runDirectory, false);
            console.println("== " + run[0]);
            Trainer.Result result = new Trainer(config, console, ProgressBar.stdoutIsTerminal()).run(dataset, new LinkedHashMap<>());
            float[] initial = ModelFactory.initialSet(config);
            RunPlots.write(runDirectory, "demo fcn " + run[1], result.model(), initial, dataset.test(), result.metrics());
            outcomes.add(new Outcome(run[0], run[1], result.metrics(), result.model(), initial));
            console.println();
        }

        console.printf(Locale.ROOT, "%-24s %10s %11s %9s%n", "activation", "test acc", "train acc*", "seconds");
        for (Outcome o : outcomes) {
            EpochMetrics last = o.metrics().getLast();
            double seconds = o.metrics().stream().mapToDouble(EpochMetrics::seconds).sum();
            console.printf(Locale.ROOT, "%-24s %9.2f%% %10.2f%% %9.1f%n", o.label(), 100 * last.testAccuracy(),
                    100 * last.trainAccuracy(), seconds);
        }
        console.println("* train acc: running mean over the last epoch, while training; seconds: training, test evaluation excluded");
        console.println(verdict(outcomes, full));

        Outcome era = outcomes.getLast();
        console.printf("%nlearned ERAs (plots against the Swish initialisation, derivatives and input density): %s%n",
                out.resolve(era.folder()));
        describeEras(console, era);
        if (benchMillis > 0) {
            kernelSpeed(console);
        }
        console.printf("%nrun folders (metrics.csv, summary.json, checkpoint, curves.png, era-act*.png): %s/{relu,gelu,era}/%n", out);
        return 0;
    }

    /** One sentence on who won, plain also when ERA did not. */
    static String verdict(List<Outcome> outcomes, boolean full) {
        Outcome era = outcomes.getLast();
        Outcome bestFixed = outcomes.subList(0, outcomes.size() - 1).stream()
                .max(java.util.Comparator.comparingDouble(Outcome::test)).orElseThrow();
        double margin = 100 * (era.test() - bestFixed.test());
        if (margin > 0) {
            return String.format(Locale.ROOT, "ERA has the best test accuracy here: %+.2f points over %s (one seed; "
                    + "docs/results.md has three-seed numbers).", margin, bestFixed.label());
        }
        return String.format(Locale.ROOT, "ERA does NOT win here: %.2f points behind %s on the %s (one seed). "
                + "docs/results.md has the longer three-seed runs on the full data set.", -margin, bestFixed.label(),
                full ? "full data set with this short budget" : "bundled subset");
    }

    /** For every ERA layer: its plot and how far training moved it from the initialisation on [-4, 4]. */
    private static void describeEras(PrintStream console, Outcome era) {
        for (Map.Entry<String, Module> layer : era.model().children().entrySet()) {
            if (!(layer.getValue() instanceof EraActivation activation)) {
                continue;
            }
            EraSpec spec = activation.spec();
            double[] learned = new double[spec.parameterCount()];
            double[] initial = new double[spec.parameterCount()];
            float[] sets = activation.parameterSets().data();
            for (int k = 0; k < learned.length; k++) {
                learned[k] = sets[k];
                initial[k] = era.initial()[k];
            }
            double moved = 0;
            double at = 0;
            double low = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= 800; i++) {
                double x = -4 + i * 0.01;
                double y = EraReference.value(spec, learned, 0, x);
                double d = Math.abs(y - EraReference.value(spec, initial, 0, x));
                if (d > moved) {
                    moved = d;
                    at = x;
                }
                low = Math.min(low, y);
            }
            console.printf(Locale.ROOT, "  era-%s.png: learned minus initial up to %.3f (at x = %.2f); minimum %.3f on [-4, 4]"
                    + " (Swish: -0.278); f(-4) = %.3f, f(0) = %.3f, f(4) = %.3f%n", layer.getKey(), moved, at, low,
                    EraReference.value(spec, learned, 0, -4), EraReference.value(spec, learned, 0, 0),
                    EraReference.value(spec, learned, 0, 4));
        }
    }

    /** The default ERA kernel (n = 2, one thread) against a memory copy, timed now. */
    private void kernelSpeed(PrintStream console) {
        int batchLayer = 64 * 512;
        int large = 1 << 22;
        BenchSettings settings = new BenchSettings(List.of(batchLayer, large), List.of(2), List.of("simd"), 1, benchMillis,
                Math.max(10, benchMillis / 5), 3);
        console.printf("%nERA kernel speed (degree 5/4, simd backend, 1 thread) against a memory copy timed in this run "
                + "(ratio = copy time / kernel time; era bench measures more):%n");
        try (BenchSuite suite = new BenchSuite(settings)) {
            suite.run(r -> { }); // a first pass lets the JIT compile kernels and baselines; the second is reported
            for (BenchRow row : suite.run(r -> { })) {
                if (row.isBaseline()) {
                    continue;
                }
                String what = row.size() == batchLayer ? "first FCN layer, one batch (64 x 512)" : "4M elements (beyond cache)";
                console.printf(Locale.ROOT, "  %-8s %-40s %6.2f Gelem/s %6.1f GB/s  %.2fx %s%n", row.kernel(), what,
                        row.gigaElementsPerSecond(), row.gigabytesPerSecond(), row.ratioToBaseline(),
                        row.kernel().equals("forward") ? "a copy" : "a read-read-write");
            }
        }
    }
}
