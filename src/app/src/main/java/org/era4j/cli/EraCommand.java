package org.era4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code era} command line. */
@Command(name = "era", mixinStandardHelpOptions = true, version = "era4j 0.1.0",
        description = "Enhanced rational activations (ERA): fit, evaluate, verify.",
        subcommands = {
                VerifyCommand.class,
                FitCommand.class,
                EvalCommand.class,
                DataCommand.class,
                TrainCommand.class,
                DemoCommand.class,
                ExperimentCommand.class,
                PlotCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
        })
public final class EraCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new EraCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof IllegalArgumentException || exception instanceof java.io.IOException
                    || exception instanceof IllegalStateException) {
                cmd.getErr().println("era: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
