package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    @Test
    void verifyPassesAndPrintsATableRowPerCheck() {
        Captured run = Captured.run("verify", "--trials", "3", "--seed", "11");
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("all checks passed"), run.out());
        assertTrue(run.out().contains("simd n=8 parameter gradients"), run.out());
        assertTrue(run.out().contains("scalar n=1 forward"), run.out());
        assertTrue(run.out().contains("reference d/dp vs central differences"), run.out());
    }

    @Test
    void unknownBackendAndBadTrialsAreClearErrors() {
        Captured unknown = Captured.run("verify", "--backend", "gpu9");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown backend 'gpu9'"), unknown.err());
        Captured trials = Captured.run("verify", "--trials", "0");
        assertEquals(2, trials.exitCode());
        assertTrue(trials.err().contains("--trials"), trials.err());
    }

    /**
     * The Vector API species is a JVM-wide constant (so the JIT can specialise on it); each width
     * is therefore checked in its own JVM, whatever the host CPU supports.
     */
    @ParameterizedTest(name = "SIMD kernels pass era verify with {0}-bit vectors")
    @ValueSource(ints = {64, 128, 256, 512})
    void everyVectorSpeciesPassesVerifyInItsOwnJvm(int bits) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dera4j.simd.bits=" + bits, "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                EraCommand.class.getName(), "verify", "--backend", "simd", "--trials", "4", "--seed", "5"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "verify did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Species[float, " + bits / 32 + ", S_" + bits + "_BIT]"), output);
        assertTrue(output.contains("all checks passed"), output);
    }

    /** Output of one in-process CLI run. */
    record Captured(int exitCode, String out, String err) {
        static synchronized Captured run(String... args) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int code = EraCommand.execute(args);
                return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }
}
