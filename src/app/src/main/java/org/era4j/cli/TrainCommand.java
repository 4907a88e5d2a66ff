package org.era4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.era4j.data.DataLocator;
import org.era4j.data.TrainTestData;
import org.era4j.train.Trainer;
import org.era4j.train.TrainConfig;
import org.era4j.train.ProgressBar;
import org.era4j.train.RunPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code era train}: trains one network and writes metrics, checkpoints, a summary and plots. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one of the paper's networks with a fixed activation or an ERA.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() throws Exception {
        TrainConfig config = options.toConfig();
        TrainTestData data = DataLocator.fromSystem().load(config.data());
        PrintStream out = System.out;
        Trainer.Result result = new Trainer(config, out, ProgressBar.stdoutIsTerminal()).run(data, new java.util.LinkedHashMap<>());
        RunPlots.write(config.out(), config.model().cliName() + " " + config.activation().name(), result.model(),
                TrainOptions.initialSet(config), data.test(), result.metrics());
        out.println("wrote " + config.out().resolve(Trainer.METRICS) + ", " + config.out().resolve(Trainer.CHECKPOINT)
                + ", summary.json and plots");
        return 0;
    }

    static Path defaultOut() {
        return Path.of("runs", "train");
    }
}
