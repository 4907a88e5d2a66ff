package org.era4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.era4j.data.DataLocator;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.TrainTestData;
import org.era4j.train.EpochMetrics;
import org.era4j.train.ProgressBar;
import org.era4j.train.RunPlots;
import org.era4j.train.RunSummary;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era demo}: the paper's FCN (layer norm) trained twice on the embedded Fashion-MNIST
 * subset, with ReLU and with a Swish-initialised ERA of degree 5/4, printed side by side; run
 * folders and plots go to {@code runs/demo/}. Needs no download.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train the FCN with ReLU and with a Swish-initialised ERA on the embedded Fashion-MNIST subset and compare.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "15", description = "epochs per run, 1..100000 (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--model", defaultValue = "fcn", description = "fcn or cnn (default: ${DEFAULT-VALUE}; the CNN takes minutes per epoch on 2 cores)")
    String model;

    @Option(names = "--threads", defaultValue = "2", description = "kernel threads, 1..1024 (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "any 64-bit integer (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "train on this data directory instead of the embedded subset")
    Path data;

    @Option(names = "--out", defaultValue = "runs/demo", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    private record Outcome(String label, List<EpochMetrics> metrics) {
    }

    @Override
    public Integer call() throws IOException {
        TrainTestData dataset = data == null ? EmbeddedFashionMnist.load() : DataLocator.fromSystem().load(data);
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "era demo: %s, %d epochs per run, data: %s%n%n", model, epochs, dataset.origin());
        List<Outcome> outcomes = new ArrayList<>();
        for (String activation : List.of("relu", "era:swish:4")) {
            String name = activation.startsWith("era") ? "era" : activation;
            Path runDirectory = out.resolve(name);
            Files.deleteIfExists(runDirectory.resolve(Trainer.CHECKPOINT)); // the demo always starts afresh
            TrainConfig config = new TrainConfig(model, activation, "swish", 4, "layer", "default", "feature", "sgd",
                    0.01, 0.9, "none", "none", 0.001, epochs, 64, seed, threads, "simd", 0, false, 1, 0, null,
                    runDirectory, false);
            Trainer.Result result = new Trainer(config, console, ProgressBar.stdoutIsTerminal()).run(dataset, new LinkedHashMap<>());
            RunPlots.write(runDirectory, "demo " + model + " " + name, result.model(), TrainOptions.initialSet(config),
                    dataset.test(), result.metrics());
            outcomes.add(new Outcome(activation.startsWith("era") ? "ERA (Swish init, 5/4)" : "ReLU", result.metrics()));
            console.println();
        }
        console.printf(Locale.ROOT, "%-24s %16s %14s %14s %10s%n", "activation", "final test acc", "best test acc",
                "final train acc", "seconds");
        for (Outcome o : outcomes) {
            EpochMetrics last = o.metrics().getLast();
            double best = o.metrics().stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
            double seconds = o.metrics().stream().mapToDouble(EpochMetrics::seconds).sum();
            console.printf(Locale.ROOT, "%-24s %15.2f%% %13.2f%% %13.2f%% %10.1f%n", o.label(), 100 * last.testAccuracy(),
                    100 * best, 100 * last.trainAccuracy(), seconds);
        }
        console.printf("%nrun folders, metrics, checkpoints and plots: %s/{relu,era}/ (curves.png, era-act*.png)%n", out);
        return 0;
    }
}
