package org.era4j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.era4j.io.AtomicFiles;
import org.era4j.train.Checkpoints;
import org.era4j.train.ExperimentGrid;
import org.era4j.train.ResultTable;
import org.era4j.train.RunSummary;
import org.era4j.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era experiment}: every cell of a grid, {@code --seeds} times, each as an {@code era train}
 * run in its own folder {@code OUT/CELL/seed-S}; a run counts as finished only when its checkpoint
 * has all the epochs it was configured for and its {@code summary.json} names its cell. Finished
 * runs are skipped and the others resume from their checkpoint (a complete one only rewrites its
 * metrics, summary and plots), so an interrupted grid continues where it stopped. {@code --shard i/n} runs every n-th run, for splitting a grid across machines.
 * Finally writes {@code OUT/results.md}: mean +- std test accuracy per cell.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run a grid of training runs (sharded, resumable) and tabulate mean +- std test accuracy.")
final class ExperimentCommand implements Callable<Integer> {

    @Option(names = "--grid", required = true, completionCandidates = BuiltInGrids.class,
            description = "grid file, or a built-in grid: ${COMPLETION-CANDIDATES}")
    String grid;

    @Option(names = "--seeds", defaultValue = "3", description = "runs per cell, seeds 1..K, K in 1..1000 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--shard", defaultValue = "0/1", description = "i/n: run only runs with index %% n == i (default: ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--out", description = "experiment folder (default: runs/experiment-GRID)")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory passed to every run")
    Path data;

    @Option(names = "--threads", defaultValue = "2", description = "kernel threads per run, 1..1024 (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--table-only", description = "only collect finished runs into results.md")
    boolean tableOnly;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || seeds > 1000) {
            throw new IllegalArgumentException("--seeds must be in [1, 1000], got " + seeds);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
        }
        String[] parts = shard.split("/");
        int index;
        int count;
        try {
            index = Integer.parseInt(parts[0]);
            count = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--shard must be i/n, got " + shard);
        }
        if (parts.length != 2 || count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard must be i/n with 0 <= i < n, got " + shard);
        }
        ExperimentGrid experiment = ExperimentGrid.load(grid);
        Path folder = out != null ? out : Path.of("runs", "experiment-" + experiment.name());
        PrintStream console = System.out;
        List<ExperimentGrid.Cell> cells = experiment.cells();
        int run = 0;
        int ran = 0;
        int skipped = 0;
        if (!tableOnly) {
            for (ExperimentGrid.Cell cell : cells) {
                for (int seed = 1; seed <= seeds; seed++, run++) {
                    if (run % count != index) {
                        continue;
                    }
                    Path runFolder = folder.resolve(cell.id()).resolve("seed-" + seed);
                    if (finished(runFolder, cell)) {
                        skipped++;
                        continue;
                    }
                    List<String> args = new ArrayList<>(List.of("train"));
                    args.addAll(cell.trainArguments());
                    args.addAll(List.of("--seed", Integer.toString(seed), "--threads", Integer.toString(threads),
                            "--out", runFolder.toString(), "--resume"));
                    if (data != null) {
                        args.addAll(List.of("--data", data.toString()));
                    }
                    console.printf("%n=== run %d of %d: %s seed %d%n", run + 1, cells.size() * seeds, cell.id(), seed);
                    int code = EraCommand.execute(args.toArray(String[]::new));
                    if (code != 0) {
                        throw new IllegalStateException("run " + cell.id() + " seed " + seed + " failed with exit code " + code);
                    }
                    CellFile.write(runFolder, cell);
                    ran++;
                }
            }
        }
        List<ResultTable.Run> runs = new ArrayList<>();
        int unlabelled = 0;
        for (ResultTable.Run r : ResultTable.collect(folder)) {
            if (r.cell().isEmpty()) {
                unlabelled++; // a run not finished by era experiment (killed, or another shard's in progress)
            } else {
                runs.add(r);
            }
        }
        String table = "# " + experiment.name() + "\n\n" + ResultTable.markdown(runs)
                + (unlabelled == 0 ? "" : "\n" + unlabelled + " unfinished run(s) left out.\n");
        AtomicFiles.writeString(folder.resolve("results.md"), table);
        console.printf("%nran %d run(s), skipped %d finished; %s%n%n%s", ran, skipped, folder.resolve("results.md"), table);
        return 0;
    }

    /** Finished: the checkpoint has every configured epoch and the summary names this cell. */
    static boolean finished(Path runFolder, ExperimentGrid.Cell cell) {
        Path summary = runFolder.resolve(RunSummary.FILE_NAME);
        Path checkpoint = runFolder.resolve(Trainer.CHECKPOINT);
        if (!Files.isRegularFile(summary) || !Files.isRegularFile(checkpoint)) {
            return false;
        }
        try {
            Checkpoints.Restored saved = Checkpoints.peek(checkpoint);
            String epochs = saved.config().get("epochs");
            if (epochs == null || saved.epoch() < Integer.parseInt(epochs)) {
                return false;
            }
            var json = com.google.gson.JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
            if (!json.has("cell") || !json.get("cell").isJsonObject()) {
                return false;
            }
            java.util.Map<String, String> recorded = new java.util.LinkedHashMap<>();
            json.getAsJsonObject("cell").entrySet().forEach(e -> recorded.put(e.getKey(), e.getValue().getAsString()));
            return recorded.equals(cell.options());
        } catch (java.io.IOException | RuntimeException e) {
            return false; // the resumed run reports what is wrong with it
        }
    }

    /** Records the run's grid cell in its summary, so results.md groups by cell. */
    static final class CellFile {
        static void write(Path runFolder, ExperimentGrid.Cell cell) throws java.io.IOException {
            Path summary = runFolder.resolve(RunSummary.FILE_NAME);
            var json = com.google.gson.JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
            var cellJson = new com.google.gson.JsonObject();
            cell.options().forEach(cellJson::addProperty);
            json.add("cell", cellJson);
            AtomicFiles.writeString(summary, new com.google.gson.GsonBuilder().setPrettyPrinting()
                    .serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
        }
    }

    /** The grids shipped in the jar, for the help text. */
    static final class BuiltInGrids implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return org.era4j.train.ExperimentGrid.builtInNames().iterator();
        }
    }
}
