package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandscapeCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheGridAsCsvAndTwoPicturesForAFinishedRun() throws Exception {
        Path run = dir.resolve("run");
        TrainConfig config = TrainConfig.parse("fcn", "era:swish:2", "swish", 2, "layer", "default", "feature", "sgd", 0.01, 0.9,
                "none", "none", 0.001, 1, 32, 1, 1, "simd", 0, false, 0.0625, 128, null, run, false);
        new Trainer(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
                .run(EmbeddedFashionMnist.load(), new LinkedHashMap<>());
        VerifyCommandTest.Captured landscape = VerifyCommandTest.Captured.run("landscape", "--run", run.toString(), "--embedded",
                "--points", "5", "--images", "40", "--threads", "2");
        assertEquals(0, landscape.exitCode(), landscape.err());
        assertTrue(landscape.out().contains("centre (trained weights): loss"), landscape.out());
        List<String> csv = Files.readAllLines(run.resolve("landscape/landscape.csv"));
        assertEquals("alpha,beta,loss,accuracy", csv.getFirst());
        assertEquals(1 + 25, csv.size());
        assertTrue(csv.contains(csv.stream().filter(l -> l.startsWith("0.0,0.0,")).findFirst().orElseThrow()));
        for (String png : new String[] {"landscape-contour.png", "landscape-heatmap.png"}) {
            assertTrue(Files.size(run.resolve("landscape").resolve(png)) > 5_000, png);
        }
        for (String png : new String[] {"landscape-contour.png", "landscape-heatmap.png"}) {
            Files.delete(run.resolve("landscape").resolve(png));
        }
        VerifyCommandTest.Captured redraw = VerifyCommandTest.Captured.run("landscape", "--run", run.toString(), "--plot-only");
        assertEquals(0, redraw.exitCode(), redraw.err());
        assertTrue(Files.exists(run.resolve("landscape/landscape-heatmap.png")));
        VerifyCommandTest.Captured bad = VerifyCommandTest.Captured.run("landscape", "--run", run.toString(), "--points", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--points"), bad.err());
    }
}
