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
        // a tiny budget on the bundled subset: the suite never trains on the full data set
        VerifyCommandTest.Captured demo = VerifyCommandTest.Captured.run("demo", "--subset", "--images", "640", "--bench-ms", "1",
                "--out", out.toString());
        assertEquals(0, demo.exitCode(), demo.err());
        String first = demo.out().lines().findFirst().orElse("");
        assertTrue(first.contains("bundled Fashion-MNIST subset"), first);
        assertTrue(demo.out().contains("640 training images per run (1 epoch(s) of the first 640)"), demo.out());
        for (String label : new String[] {"ReLU", "GELU (tanh)", "ERA (Swish init, 5/4)"}) {
            assertTrue(demo.out().lines().anyMatch(l -> l.startsWith(label) && l.contains("%")), label + "\n" + demo.out());
        }
        assertTrue(demo.out().contains("ERA has the best test accuracy") || demo.out().contains("ERA does NOT win here"), demo.out());
        assertTrue(demo.out().contains("era-act0.png: learned minus initial"), demo.out());
        assertTrue(demo.out().contains("Gelem/s") && demo.out().contains("a copy"), demo.out());
        for (String run : new String[] {"relu", "gelu", "era"}) {
            assertTrue(Files.exists(out.resolve(run).resolve("metrics.csv")), run);
            assertTrue(Files.exists(out.resolve(run).resolve("curves.png")), run);
        }
        assertTrue(Files.exists(out.resolve("era/era-act0.png")));

        Files.delete(out.resolve("era/era-act0.png"));
        VerifyCommandTest.Captured plot = VerifyCommandTest.Captured.run("plot", "--run", out.resolve("era").toString(), "--embedded");
        assertEquals(0, plot.exitCode(), plot.err());
        assertTrue(Files.size(out.resolve("era/era-act0.png")) > 10_000);

        VerifyCommandTest.Captured both = VerifyCommandTest.Captured.run("demo", "--subset", "--data", dir.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--subset and --data"), both.err());

        VerifyCommandTest.Captured notARun = VerifyCommandTest.Captured.run("plot", "--run", dir.toString());
        assertEquals(2, notARun.exitCode());
        assertTrue(notARun.err().contains("not a finished run folder"), notARun.err());
    }
}
