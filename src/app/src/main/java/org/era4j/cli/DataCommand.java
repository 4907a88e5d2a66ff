package org.era4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.era4j.data.DataDirectory;
import org.era4j.data.DataLocation;
import org.era4j.data.DataLocator;
import org.era4j.data.Dataset;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.IdxWriter;
import org.era4j.data.StratifiedSubset;
import org.era4j.data.TrainTestData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code era data}: where training data is found, and the command that made the embedded subset. */
@Command(name = "data", description = "Inspect training data and make stratified subsets.",
        subcommands = {DataCommand.Info.class, DataCommand.Subset.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }

    /** {@code era data info}: the chosen location, counts, shapes and class balance. */
    @Command(name = "info", description = "Print where data is found (--data, $ERA4J_DATA, "
            + "/usr/share/datasets/fashion-mnist, embedded subset), counts, shapes and class balance.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (IDX or CIFAR-10 binary).")
        Path data;

        @Override
        public Integer call() throws IOException {
            DataLocation location = DataLocator.fromSystem().locate(data);
            TrainTestData loaded = location.load();
            PrintWriter out = spec.commandLine().getOut();
            out.println("data: " + location.describe());
            print(out, "train", loaded.train());
            print(out, "test", loaded.test());
            out.flush();
            return 0;
        }

        private static void print(PrintWriter out, String split, Dataset d) {
            out.printf("%s: %d images of (C, H, W) = (%d, %d, %d), %d classes%n", split, d.size(), d.channels(),
                    d.height(), d.width(), d.classes());
            out.printf("%s per class: %s%n", split, Arrays.toString(d.classCounts()));
        }
    }

    /** {@code era data subset}: a stratified, seeded subset written as gzip IDX files. */
    @Command(name = "subset", description = "Write a stratified subset (k images per class, seeded) of the "
            + "located data as gzip IDX files; this made the embedded Fashion-MNIST subset.")
    static final class Subset implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", description = "Source data directory (IDX).")
        Path data;

        @Option(names = "--per-class", required = true, paramLabel = "K", description = "Training images per class, >= 1.")
        int perClass;

        @Option(names = "--test-per-class", required = true, paramLabel = "K", description = "Test images per class, >= 1.")
        int testPerClass;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + EmbeddedFashionMnist.SEED,
                description = "Seed of the draw (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (perClass < 1 || testPerClass < 1) {
                throw new IllegalArgumentException("--per-class and --test-per-class must be >= 1, got " + perClass
                        + " and " + testPerClass);
            }
            DataLocation location = DataLocator.fromSystem().locate(data);
            TrainTestData source = location.load();
            Dataset train = StratifiedSubset.select(source.train(), perClass, seed, "train subset");
            Dataset test = StratifiedSubset.select(source.test(), testPerClass, seed, "test subset");
            Files.createDirectories(out);
            IdxWriter.writeImages(train, out.resolve(DataDirectory.IDX_FILES.get(0) + ".gz"));
            IdxWriter.writeLabels(train, out.resolve(DataDirectory.IDX_FILES.get(1) + ".gz"));
            IdxWriter.writeImages(test, out.resolve(DataDirectory.IDX_FILES.get(2) + ".gz"));
            IdxWriter.writeLabels(test, out.resolve(DataDirectory.IDX_FILES.get(3) + ".gz"));
            PrintWriter w = spec.commandLine().getOut();
            w.printf("from %s: %d train (%d per class) and %d test (%d per class) images, seed %d, written to %s%n",
                    location.describe(), train.size(), perClass, test.size(), testPerClass, seed, out);
            w.flush();
            return 0;
        }
    }
}
