package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void aGridRunsEveryCellAndSeedOnceSkipsFinishedRunsAndTabulates() throws IOException {
        Path grid = dir.resolve("tiny.grid");
        Files.writeString(grid, "model: fcn\nactivation: relu, era:swish:2\nepochs: 1\ntrain-limit: 256\nwidth: 0.125\n");
        Path out = dir.resolve("exp");
        VerifyCommandTest.Captured shard = VerifyCommandTest.Captured.run("experiment", "--grid", grid.toString(), "--seeds", "2",
                "--shard", "1/2", "--out", out.toString(), "--threads", "1");
        assertEquals(0, shard.exitCode(), shard.err());
        assertTrue(shard.out().contains("ran 2 run(s), skipped 0"), shard.out());

        VerifyCommandTest.Captured all = VerifyCommandTest.Captured.run("experiment", "--grid", grid.toString(), "--seeds", "2",
                "--out", out.toString(), "--threads", "1");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("ran 2 run(s), skipped 2"), all.out());
        String table = Files.readString(out.resolve("results.md"));
        assertTrue(table.contains("| fcn | relu | 1 | 256 | 0.125 |"), table);
        assertTrue(table.contains("| fcn | era:swish:2 | 1 | 256 | 0.125 |"), table);
        assertEquals(2, table.lines().filter(l -> l.endsWith("| 2 |")).count(), table);
        assertTrue(Files.exists(out.resolve("model=fcn,activation=relu,epochs=1,train-limit=256,width=0.125/seed-2/checkpoint.safetensors")));

        // killed while drawing plots: the summary exists but does not name its cell yet
        Path summary = out.resolve("model=fcn,activation=relu,epochs=1,train-limit=256,width=0.125/seed-1/summary.json");
        Files.writeString(summary, Files.readString(summary).replaceFirst("\"cell\": \\{[^}]*\\}", "\"cell\": {}"));
        VerifyCommandTest.Captured again = VerifyCommandTest.Captured.run("experiment", "--grid", grid.toString(), "--seeds", "2",
                "--out", out.toString(), "--threads", "1");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("ran 1 run(s), skipped 3"), again.out());
        assertEquals(table, Files.readString(out.resolve("results.md")));
    }

    @Test
    void aFailingInnerRunIsAOneLineError() throws IOException {
        Path grid = dir.resolve("bad.grid");
        Files.writeString(grid, "model: fcn\nbatch: 0\nepochs: 1\n");
        VerifyCommandTest.Captured run = VerifyCommandTest.Captured.run("experiment", "--grid", grid.toString(), "--seeds", "1",
                "--out", dir.resolve("bad").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--batch must be in [1, 65536], got 0"), run.err());
        assertTrue(run.err().contains("failed with exit code 2"), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    @Test
    void badShardsAndUnknownGridsAreClearErrors() {
        VerifyCommandTest.Captured shard = VerifyCommandTest.Captured.run("experiment", "--grid", "smoke", "--shard", "2/2");
        assertEquals(2, shard.exitCode());
        assertTrue(shard.err().contains("--shard"), shard.err());
        VerifyCommandTest.Captured grid = VerifyCommandTest.Captured.run("experiment", "--grid", "no-such-grid");
        assertEquals(2, grid.exitCode());
        assertTrue(grid.err().contains("built-in"), grid.err());
    }
}
