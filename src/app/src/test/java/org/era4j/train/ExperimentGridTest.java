package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentGridTest {

    @TempDir
    Path dir;

    @Test
    void cellsAreTheCartesianProductWithTheFirstAxisSlowest() {
        ExperimentGrid grid = ExperimentGrid.parse("g", "# comment\nmodel: fcn, cnn\nactivation: relu, era:swish:4\n\nepochs: 2\n", "test");
        List<ExperimentGrid.Cell> cells = grid.cells();
        assertEquals(4, cells.size());
        assertEquals("model=fcn,activation=relu,epochs=2", cells.get(0).id());
        assertEquals("model=fcn,activation=era:swish:4,epochs=2", cells.get(1).id());
        assertEquals("model=cnn,activation=relu,epochs=2", cells.get(2).id());
        assertEquals(List.of("--model", "cnn", "--activation", "era:swish:4", "--epochs", "2"), cells.get(3).trainArguments());
    }

    @Test
    void everyBuiltInGridLoads() throws IOException {
        for (String name : ExperimentGrid.builtInNames()) {
            assertTrue(ExperimentGrid.load(name).cells().size() >= 2, name);
        }
    }

    @Test
    void malformedGridsAreRejectedWithTheLine() {
        IllegalArgumentException noColon = assertThrows(IllegalArgumentException.class,
                () -> ExperimentGrid.parse("g", "model fcn", "f.grid"));
        assertTrue(noColon.getMessage().contains("f.grid line 1"), noColon.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ExperimentGrid.parse("g", "model: fcn\nmodel: cnn", "f.grid"));
        assertTrue(twice.getMessage().contains("twice"));
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> ExperimentGrid.parse("g", "seed: 1, 2", "f.grid"));
        assertTrue(seed.getMessage().contains("era experiment itself"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ExperimentGrid.load("nope"));
        assertTrue(unknown.getMessage().contains("built-in"));
    }

    @Test
    void resultTableAveragesRunsPerCell() throws IOException {
        EpochMetrics a = new EpochMetrics(1, 0.01, 0.5, 0.8, 0.6, 0.80, 1, 100);
        EpochMetrics b = new EpochMetrics(1, 0.01, 0.5, 0.8, 0.6, 0.90, 1, 100);
        EpochMetrics c = new EpochMetrics(1, 0.01, 0.5, 0.8, 0.6, 0.70, 1, 100);
        RunSummary.write(dir.resolve("x/seed-1"), Map.of("activation", "relu"), Map.of(), 10, List.of(a));
        RunSummary.write(dir.resolve("x/seed-2"), Map.of("activation", "relu"), Map.of(), 10, List.of(b));
        RunSummary.write(dir.resolve("y/seed-1"), Map.of("activation", "era"), Map.of(), 10, List.of(c));
        String table = ResultTable.markdown(ResultTable.collect(dir));
        assertTrue(table.contains("| relu | 85.00 +- 7.07 | 2 |"), table);
        assertTrue(table.contains("| era | 70.00 +- 0.00 | 1 |"), table);
    }

    @Test
    void metricsRoundTripAndCorruptFilesAreNamed() throws IOException {
        Path file = dir.resolve("metrics.csv");
        List<EpochMetrics> rows = List.of(new EpochMetrics(1, 0.01, 0.5, 0.8, 0.6, 0.75, 12.5, 4800),
                new EpochMetrics(2, 0.001, 0.4, 0.85, 0.55, 0.78, 12.1, 4900));
        MetricsLog.write(file, rows);
        assertEquals(rows, MetricsLog.read(file));
        java.nio.file.Files.writeString(file, "nonsense\n");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains("metrics.csv"));
    }
}
