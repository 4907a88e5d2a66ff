package org.era4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.era4j.data.DataLocator;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.TrainTestData;
import org.era4j.nn.Sequential;
import org.era4j.train.Checkpoints;
import org.era4j.train.MetricsLog;
import org.era4j.train.ModelFactory;
import org.era4j.train.RunPlots;
import org.era4j.train.RunSummary;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era plot --run DIR}: redraws a run's pictures from its folder: training curves from
 * {@code metrics.csv}, and every ERA layer of the checkpoint against its initialisation with first
 * and second derivatives and the density of its inputs on test images.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Plot a run's training curves and its learned ERAs (with input densities) as PNG.")
final class PlotCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "a run folder written by era train or era demo")
    Path run;

    @Option(names = "--data", paramLabel = "DIR", description = "data for the input densities (default: as era train finds it)")
    Path data;

    @Option(names = "--embedded", description = "use the embedded Fashion-MNIST subset for the input densities")
    boolean embedded;

    @Override
    public Integer call() throws Exception {
        TrainConfig config = readRun(run, data);
        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        TrainTestData dataset = embedded ? EmbeddedFashionMnist.load() : DataLocator.fromSystem().load(data);
        int[] shape = {dataset.test().channels(), dataset.test().height(), dataset.test().width()};
        Sequential model = ModelFactory.build(config, shape, dataset.test().classes());
        Checkpoints.restoreWeights(checkpoint, model);
        List<Path> files = RunPlots.write(run, config.model().cliName() + " " + config.activation().name(), model, TrainOptions.initialSet(config),
                dataset.test(), MetricsLog.read(run.resolve(Trainer.METRICS)));
        files.forEach(f -> System.out.println("wrote " + f));
        return 0;
    }

    /** The configuration of a finished run folder (summary.json next to a checkpoint); one-line errors otherwise. */
    static TrainConfig readRun(Path run, Path data) throws java.io.IOException {
        Path summary = run.resolve(RunSummary.FILE_NAME);
        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        if (!Files.exists(summary) || !Files.exists(checkpoint)) {
            throw new IllegalArgumentException(run + " is not a finished run folder (needs " + RunSummary.FILE_NAME + " and "
                    + Trainer.CHECKPOINT + ")");
        }
        return RunSummary.readConfig(summary, data, run);
    }
}
