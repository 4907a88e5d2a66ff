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
                LandscapeCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                ExportCommand.class,
        })
public final class EraCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the CLI and returns its exit code (tests call this instead of {@link #main}). No stack
     * trace reaches the user: bad options are one line naming the option (exit 2), failures one
     * line {@code era: ...} (exit 2), running out of heap names the {@code -Xmx} to use (exit 3),
     * and anything unexpected is one line naming the exception (exit 3; the stack trace follows
     * only with {@code -Dera4j.stacktrace=true}).
     */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new EraCommand());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println(oneLine(cmd.getCommandName().equals("era") ? "era: " : "era " + cmd.getCommandName() + ": ",
                    exception.getMessage()) + " (see 'era " + (cmd.getCommandName().equals("era") ? "" : cmd.getCommandName() + " ")
                    + "--help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println(describe(exception));
            cmd.getErr().flush();
            return exitCode(exception);
        });
        try {
            return commandLine.execute(args);
        } catch (Throwable error) {
            // Errors (OutOfMemoryError, StackOverflowError) are not handed to the handler above
            System.err.println(describe(error));
            System.err.flush();
            return exitCode(error);
        }
    }

    /** The one-line message for a failure. */
    static String describe(Throwable failure) {
        if (Boolean.getBoolean("era4j.stacktrace")) {
            failure.printStackTrace();
        }
        if (failure instanceof OutOfMemoryError) {
            long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
            return "era: out of memory (the Java heap is limited to " + maxMiB + " MiB); run with a larger heap, e.g. "
                    + "ERA_JAVA_OPTS=-Xmx" + Math.max(2, 2 * Math.ceilDiv(maxMiB, 1024)) + "g ./era ...";
        }
        if (failure instanceof StackOverflowError) {
            return "era: input nested too deeply (stack overflow)";
        }
        if (failure instanceof IllegalArgumentException || failure instanceof java.io.IOException
                || failure instanceof IllegalStateException || failure instanceof java.io.UncheckedIOException) {
            String message = failure.getMessage();
            if (failure instanceof java.nio.file.NoSuchFileException e) {
                message = "no such file or directory: " + e.getFile();
            } else if (failure instanceof java.nio.file.FileSystemException e && e.getReason() == null) {
                message = failure.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(java.util.Locale.ROOT) + ": " + e.getFile();
            }
            return oneLine("era: ", message == null ? failure.getClass().getSimpleName() : message);
        }
        return oneLine("era: internal error: ", failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                + " (please report it; -Dera4j.stacktrace=true shows where)");
    }

    private static int exitCode(Throwable failure) {
        if (failure instanceof IllegalArgumentException || failure instanceof java.io.IOException
                || failure instanceof IllegalStateException || failure instanceof java.io.UncheckedIOException) {
            return 2;
        }
        return 3;
    }

    /** {@code prefix + message} on one line: line breaks become "; ". */
    static String oneLine(String prefix, String message) {
        return prefix + message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
