package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndPlotCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoTrainsBothActivationsOnTheBundledSubsetAndPlotRedrawsARun() throws Exception {
        Path out = dir.resolve("demo");
        VerifyCommandTest.Captured demo = VerifyCommandTest.Captured.run("demo", "--epochs", "1", "--out", out.toString());
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().contains("embedded Fashion-MNIST subset"), demo.out());
        assertTrue(demo.out().contains("ReLU"), demo.out());
        assertTrue(demo.out().contains("ERA (Swish init, 5/4)"), demo.out());
        for (String run : new String[] {"relu", "era"}) {
            assertTrue(Files.exists(out.resolve(run).resolve("metrics.csv")), run);
            assertTrue(Files.exists(out.resolve(run).resolve("curves.png")), run);
        }
        assertTrue(Files.exists(out.resolve("era/era-act0.png")));

        Files.delete(out.resolve("era/era-act0.png"));
        VerifyCommandTest.Captured plot = VerifyCommandTest.Captured.run("plot", "--run", out.resolve("era").toString(), "--embedded");
        assertEquals(0, plot.exitCode(), plot.err());
        assertTrue(Files.size(out.resolve("era/era-act0.png")) > 10_000);

        VerifyCommandTest.Captured notARun = VerifyCommandTest.Captured.run("plot", "--run", dir.toString());
        assertEquals(2, notARun.exitCode());
        assertTrue(notARun.err().contains("not a finished run folder"), notARun.err());
    }
}
