package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.era4j.kernel.EraAccuracy;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvalCommandTest {

    private static final String PARAMS = "-0.5,0.25,1.5,-0.75,0.5,0.8,-2,1.25,-1,0.3";
    private static final float[] PARAM_VALUES = {-0.5f, 0.25f, 1.5f, -0.75f, 0.5f, 0.8f, -2f, 1.25f, -1f, 0.3f};

    @TempDir
    Path dir;

    /** Runs {@code era args...}; returns the exit code and what went to stderr. */
    private record Run(int exitCode, String err) {
    }

    private static Run era(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(EraCommand.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static void writeFloats(Path path, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        Files.write(path, buffer.array());
    }

    private static float[] readFloats(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(0, bytes.length % 4, "file length");
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static float[] randomFloats(long seed, int length, double scale) {
        Random random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    @Test
    void referenceBackendWritesTheFloat64ValueRoundedOnce() throws IOException {
        EraSpec spec = EraSpec.of(2);
        float[] x = randomFloats(1, 1001, 3);
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 1e-40f;
        writeFloats(dir.resolve("x.f32"), x);
        Run run = era("eval", "--degree", "4", "--params", PARAMS, "--backend", "reference",
                "--input", dir.resolve("x.f32").toString(), "--output", dir.resolve("y.f32").toString());
        assertEquals(0, run.exitCode(), run.err());
        float[] y = readFloats(dir.resolve("y.f32"));
        double[] p = EraReference.toDouble(spec, PARAM_VALUES, 0);
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals((float) EraReference.value(spec, p, 0, x[i]), y[i], "index " + i + " x=" + x[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "scalar", "simd"})
    void roundTripWithGradientsMatchesTheReference(String backend) throws IOException {
        EraSpec spec = EraSpec.of(2);
        float[] x = randomFloats(2, 5003, 2.5);
        float[] dy = randomFloats(3, 5003, 1);
        writeFloats(dir.resolve("x.f32"), x);
        writeFloats(dir.resolve("dy.f32"), dy);
        Run run = era("eval", "--degree", "4", "--params", PARAMS, "--eps", "0.001", "--backend", backend,
                "--threads", "2",
                "--input", dir.resolve("x.f32").toString(), "--output", dir.resolve("y.f32").toString(),
                "--grad-output", dir.resolve("dy.f32").toString(), "--grad-input", dir.resolve("dx.f32").toString(),
                "--grad-params", dir.resolve("dp.txt").toString());
        assertEquals(0, run.exitCode(), run.err());
        float[] y = readFloats(dir.resolve("y.f32"));
        float[] dx = readFloats(dir.resolve("dx.f32"));
        List<String> lines = Files.readAllLines(dir.resolve("dp.txt"));
        assertEquals(spec.parameterCount(), lines.size(), "one line per parameter");
        float[] dParams = new float[lines.size()];
        for (int k = 0; k < dParams.length; k++) {
            dParams[k] = Float.parseFloat(lines.get(k));
            assertEquals(Float.toString(dParams[k]), lines.get(k), "printed so it reads back exactly");
        }
        EraAccuracy.Measurement forward = EraAccuracy.forwardError(spec, PARAM_VALUES, x, y);
        assertTrue(forward.passed(), () -> backend + " forward " + forward);
        EraAccuracy.BackwardMeasurement backward = EraAccuracy.backwardError(spec, PARAM_VALUES, x, dy, dx,
                dParams, new float[spec.parameterCount()]);
        assertTrue(backward.passed(), () -> backend + " backward " + backward);
        assertNoTemporaryFiles();
    }

    @Test
    void emptyInputGivesEmptyOutput() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[0]);
        Run run = era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0, Files.size(dir.resolve("y.f32")));
    }

    @Test
    void existingOutputIsReplacedWholeAndNoTemporaryFileRemains() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[] {1, 2});
        Files.write(dir.resolve("y.f32"), new byte[1000]);
        Run run = era("eval", "--degree", "2", "--params", "1,0,0,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString());
        assertEquals(0, run.exitCode(), run.err());
        // sigma(x) = x exactly when c = d = 0.
        assertArrayEquals(new float[] {1, 2}, readFloats(dir.resolve("y.f32")));
        assertNoTemporaryFiles();
    }

    @Test
    void wrongNumberOfParametersForTheDegree() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[] {1});
        Run run = era("eval", "--degree", "4", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--params: degree 4 needs 10 values [a, b, c1, d1, e1, f1, c2, d2, e2, f2], got 6"),
                run.err());
        assertFalse(Files.exists(dir.resolve("y.f32")));
    }

    @Test
    void badParameterValuesAndDegreesAreNamed() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[] {1});
        String in = dir.resolve("x.f32").toString();
        String out = dir.resolve("y.f32").toString();
        assertError(era("eval", "--degree", "2", "--params", "1,0,x,0,0,1", "--input", in, "--output", out),
                "value 3 (c1) is not a number: 'x'");
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,1e60,1", "--input", in, "--output", out),
                "value 5 (e1) is not finite");
        assertError(era("eval", "--degree", "3", "--params", "1,0,1,0,0,1", "--input", in, "--output", out),
                "denominator degree must be even");
        assertError(era("eval", "--degree", "2", "--eps", "0", "--params", "1,0,1,0,0,1", "--input", in, "--output", out),
                "eps must be");
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--backend", "gpu9", "--input", in,
                "--output", out), "unknown backend 'gpu9'");
        assertFalse(Files.exists(dir.resolve("y.f32")));
    }

    @Test
    void inputLengthNotAMultipleOfFour() throws IOException {
        Files.write(dir.resolve("x.f32"), new byte[10]);
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString()), "has 10 bytes, not a multiple of 4");
        assertFalse(Files.exists(dir.resolve("y.f32")));
    }

    @Test
    void missingFiles() throws IOException {
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("nope.f32").toString(),
                "--output", dir.resolve("y.f32").toString()), "--input file");
        writeFloats(dir.resolve("x.f32"), new float[] {1});
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("no-such-dir").resolve("y.f32").toString()), "directory of");
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString(), "--grad-output", dir.resolve("dy.f32").toString(),
                "--grad-input", dir.resolve("dx.f32").toString()), "--grad-output file");
        // A missing required option is a usage error (picocli), also exit 2.
        Run run = era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--output", dir.resolve("y.f32").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--input"), run.err());
        assertFalse(Files.exists(dir.resolve("y.f32")));
    }

    @Test
    void aFileThatReportsSizeZeroIsReadToItsEnd() throws IOException {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status) && Files.size(status) == 0);
        Path y = dir.resolve("y.f32");
        Run run = era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", status.toString(), "--output", y.toString());
        if (run.exitCode() == 0) {
            assertTrue(Files.size(y) > 0, "the content was evaluated, not taken as empty");
        } else {
            assertTrue(run.err().contains("not a multiple of 4"), run.err());
            assertFalse(Files.exists(y));
        }
    }

    @Test
    void gradOutputLengthMustMatchTheInput() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[] {1, 2, 3, 4, 5});
        writeFloats(dir.resolve("dy.f32"), new float[] {1, 2, 3});
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("x.f32").toString(),
                "--output", dir.resolve("y.f32").toString(), "--grad-output", dir.resolve("dy.f32").toString(),
                "--grad-params", dir.resolve("dp.txt").toString()), "holds 3 floats but --input");
        assertFalse(Files.exists(dir.resolve("y.f32")));
        assertFalse(Files.exists(dir.resolve("dp.txt")));
    }

    @Test
    void gradientOptionsMustComeTogether() throws IOException {
        writeFloats(dir.resolve("x.f32"), new float[] {1});
        writeFloats(dir.resolve("dy.f32"), new float[] {1});
        String in = dir.resolve("x.f32").toString();
        String out = dir.resolve("y.f32").toString();
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", in, "--output", out,
                "--grad-input", dir.resolve("dx.f32").toString()), "need --grad-output");
        assertError(era("eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", in, "--output", out,
                "--grad-output", dir.resolve("dy.f32").toString()), "--grad-output needs --grad-input");
    }

    private static void assertError(Run run, String fragment) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("era: ") && run.err().contains(fragment),
                () -> "stderr '" + run.err() + "' lacks '" + fragment + "'");
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temporary = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertTrue(temporary.isEmpty(), "left behind: " + temporary);
        }
    }
}
