package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.era4j.data.DataDirectory;
import org.era4j.data.Dataset;
import org.era4j.data.IdxWriter;
import org.era4j.data.TrainTestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {

    @TempDir
    Path dir;

    Path source;

    /** A source directory: 40 train and 20 test images of 3 x 3, labels i mod 10. */
    @BeforeEach
    void writeSource() throws IOException {
        source = dir.resolve("src");
        write(source, "train", 40);
        write(source, "t10k", 20);
    }

    private static void write(Path dir, String prefix, int n) throws IOException {
        byte[] pixels = new byte[n * 9];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 13);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        Dataset d = Dataset.of(prefix, pixels, labels, 1, 3, 3, 10);
        IdxWriter.writeImages(d, dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        IdxWriter.writeLabels(d, dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }

    /** Runs the CLI, returning {exit code, stdout, stderr}. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = EraCommand.execute(args);
            return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8),
                    e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void infoPrintsLocationCountsShapesAndBalance() {
        String[] r = run("data", "info", "--data", source.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("data: --data " + source), r[1]);
        assertTrue(r[1].contains("train: 40 images of (C, H, W) = (1, 3, 3), 10 classes"), r[1]);
        assertTrue(r[1].contains("test per class: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]"), r[1]);
    }

    @Test
    void subsetWritesABalancedReadableSubset() throws IOException {
        Path out = dir.resolve("out");
        String[] r = run("data", "subset", "--data", source.toString(), "--per-class", "3", "--test-per-class", "1",
                "--seed", "5", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        TrainTestData subset = DataDirectory.load(out, "subset");
        assertEquals(30, subset.train().size());
        assertEquals(10, subset.test().size());
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, subset.train().classCounts());
    }

    @Test
    void badInputExitsWithTwoAndAMessage() {
        String[] missing = run("data", "info", "--data", dir.resolve("nothing").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].startsWith("era: --data " + dir.resolve("nothing")), missing[2]);
        String[] tooMany = run("data", "subset", "--data", source.toString(), "--per-class", "5",
                "--test-per-class", "1", "--out", dir.resolve("o").toString());
        assertEquals("2", tooMany[0]);
        assertTrue(tooMany[2].contains("fewer than the 5 asked for"), tooMany[2]);
    }
}
