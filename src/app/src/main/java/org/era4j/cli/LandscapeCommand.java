package org.era4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.era4j.data.DataLocator;
import org.era4j.data.Dataset;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.TrainTestData;
import org.era4j.io.AtomicFiles;
import org.era4j.nn.Sequential;
import org.era4j.plot.LandscapePlot;
import org.era4j.train.Checkpoints;
import org.era4j.train.LossLandscape;
import org.era4j.train.ModelFactory;
import org.era4j.train.ProgressBar;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era landscape --run DIR}: the loss around a trained run's weights on a 2-D grid along two
 * random filter-normalised directions (Li et al., 2018), on the first {@code --images} test
 * images, computed in parallel; writes {@code landscape.csv}, a contour plot and a heat map.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true,
        description = {"Loss landscape around a trained run: loss on a 2-D grid along two random filter-normalised directions "
                + "(Li et al., 2018), as CSV, contour plot and heat map."})
final class LandscapeCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "a run folder written by era train or era demo")
    Path run;

    @Option(names = "--points", defaultValue = "21", description = "grid points per axis, 1..201 (odd: the centre is the trained weights) (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--range", defaultValue = "1", description = "the grid spans [-R, R] along each direction, R finite and > 0 (default: ${DEFAULT-VALUE})")
    double range;

    @Option(names = "--images", defaultValue = "1000", description = "evaluation subset: the first N test images, 1..1000000 (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the two directions (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "workers, each on its own model copy, 1..1024 (default: cores); results do not depend on it")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--data", paramLabel = "DIR", description = "test data (default: as era train finds it)")
    Path data;

    @Option(names = "--embedded", description = "evaluate on the bundled Fashion-MNIST subset's test images")
    boolean embedded;

    @Option(names = "--out", paramLabel = "DIR", description = "where the files go (default: RUN/landscape)")
    Path out;

    @Option(names = "--plot-only", description = "redraw the pictures from the folder's landscape.csv without computing")
    boolean plotOnly;

    @Override
    public Integer call() throws IOException {
        if (points < 1 || points > 201) {
            throw new IllegalArgumentException("--points must be in [1, 201], got " + points);
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("--range must be finite and > 0, got " + range);
        }
        if (images < 1 || images > 1_000_000) {
            throw new IllegalArgumentException("--images must be in [1, 1000000], got " + images);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
        }
        TrainConfig config = PlotCommand.readRun(run, data);
        if (plotOnly) {
            Path folder = out != null ? out : run.resolve("landscape");
            LossLandscape.Grid grid = LossLandscape.Grid.readCsv(folder.resolve("landscape.csv"));
            draw(folder, config, grid);
            return 0;
        }
        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        TrainTestData dataset = embedded ? EmbeddedFashionMnist.load() : DataLocator.fromSystem().load(data);
        Dataset eval = LossLandscape.firstImages(dataset.test(), images);
        int[] shape = {eval.channels(), eval.height(), eval.width()};
        Path folder = out != null ? out : run.resolve("landscape");
        Files.createDirectories(folder);
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "era landscape: %s (%s %s), %d x %d points in [-%s, %s]^2, %d images of %s, seed %d, %d worker(s)%n",
                run, config.model().cliName(), config.describeActivation(), points, points, range, range, eval.size(),
                dataset.origin(), seed, threads);
        ProgressBar bar = new ProgressBar(console, ProgressBar.stdoutIsTerminal(), "landscape", points * points, "points");
        LossLandscape.Grid grid = LossLandscape.compute(() -> {
            Sequential model = ModelFactory.build(config, shape, eval.classes());
            try {
                Checkpoints.restoreWeights(checkpoint, model);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return model;
        }, eval, points, range, seed, threads, done -> bar.update(done, Double.NaN));
        bar.finish();
        Path csv = folder.resolve("landscape.csv");
        AtomicFiles.writeString(csv, grid.csv());
        draw(folder, config, grid);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : grid.loss()) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (points % 2 == 1) {
            int c = points / 2;
            console.printf(Locale.ROOT, "centre (trained weights): loss %.4f, accuracy %.2f%%%n", grid.centreLoss(),
                    100 * grid.accuracy()[c][c]);
        }
        console.printf(Locale.ROOT, "loss over the grid: min %.4f, max %.4g%n", min, max);
        console.println("wrote " + csv);
        return 0;
    }

    private static void draw(Path folder, TrainConfig config, LossLandscape.Grid grid) throws IOException {
        String title = config.model().cliName() + " " + config.describeActivation() + ": loss landscape";
        Path contour = folder.resolve("landscape-contour.png");
        LandscapePlot.contour(contour, title, grid.alphas(), grid.betas(), grid.loss(), 14);
        Path heat = folder.resolve("landscape-heatmap.png");
        LandscapePlot.heatMap(heat, title, grid.alphas(), grid.betas(), grid.loss());
        System.out.println("wrote " + contour + ", " + heat);
    }
}
