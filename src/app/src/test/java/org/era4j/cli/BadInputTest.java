package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command with bad values: a non-zero exit and one line on standard error that names the
 * option or file, never a stack trace or an internal error.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private record Case(String expected, String[] args) {
    }

    private static Case bad(String expected, String... args) {
        return new Case(expected, args);
    }

    @Test
    void everyCommandRefusesBadValuesWithOneLine() throws IOException {
        Path x = dir.resolve("x.f32");
        Files.write(x, new byte[] {0, 0, (byte) 0x80, 0x3f});
        Path y = dir.resolve("y.f32");
        Path zero = Files.write(dir.resolve("zero.f32"), new byte[4]);
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path emptyRun = Files.createDirectory(dir.resolve("run"));
        Files.writeString(emptyRun.resolve("summary.json"), "{}");
        Files.writeString(emptyRun.resolve("checkpoint.safetensors"), "");
        String[] eval = {"eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", x.toString(), "--output", y.toString()};
        List<Case> cases = List.of(
                bad("'frobnicate'", "frobnicate"),
                bad("--batch", "train", "--batch", "2147483647"),
                bad("--batch", "train", "--batch", "many"),
                bad("--train-limit", "train", "--train-limit", "-5"),
                bad("--augment-shift", "train", "--augment-shift", "1000"),
                bad("--epochs", "train", "--epochs", "0"),
                bad("--lr", "train", "--lr", "-1"),
                bad("--momentum", "train", "--momentum", "1.5"),
                bad("--threads", "train", "--threads", "0"),
                bad("--width", "train", "--width", "99"),
                bad("--weight-decay", "train", "--weight-decay", "NaN"),
                bad("--seed", "train", "--seed", "1e3"),
                bad("--out " + file, "train", "--epochs", "1", "--train-limit", "64", "--out", file.toString()),
                bad("within [-1e18, 1e18]", "fit", "--target", "swish", "--degree", "2", "--interval=-1e300,1e300"),
                bad("--interval", "fit", "--target", "swish", "--degree", "2", "--interval", "a,b"),
                bad("degree", "fit", "--target", "swish", "--degree", "3"),
                bad("--degree", "eval", "--degree", "two", "--params", "1", "--input", x.toString(), "--output", y.toString()),
                bad("--params", "eval", "--degree", "2", "--params", "1,2", "--input", x.toString(), "--output", y.toString()),
                bad("--threads", concat(eval, "--threads", "0")),
                bad("outside the stated gradient range", "eval", "--degree", "2", "--params", "1,1,1e18,1e18,0,0", "--eps", "1e-12",
                        "--input", zero.toString(), "--output", y.toString(), "--grad-output", x.toString(), "--grad-input",
                        dir.resolve("dx.f32").toString()),
                bad("/dev/null", "eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", x.toString(), "--output", "/dev/null"),
                bad(folder.toString(), "eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", x.toString(), "--output", folder.toString()),
                bad("--input", "eval", "--degree", "2", "--params", "1,0,1,0,0,1", "--input", dir.resolve("none").toString(), "--output", y.toString()),
                bad("-Xmx", "bench", "--sizes", "2147483639", "--backends", "scalar"),
                bad("--sizes", "bench", "--sizes", "2147483647", "--backends", "scalar"),
                bad("--sizes", "bench", "--sizes", "0", "--backends", "scalar"),
                bad("--repetition-ms", "bench", "--repetition-ms", "9223372036854775807", "--backends", "scalar"),
                bad(folder.toString(), "bench", "--sizes", "64", "--backends", "scalar", "--json", folder.toString()),
                bad("--device 99999999999", "devices", "--device", "99999999999"),
                bad("summary.json", "plot", "--run", emptyRun.toString(), "--embedded"),
                bad("not a finished run folder", "plot", "--run", dir.resolve("none").toString()),
                bad("--trials", "verify", "--trials", "0"),
                bad("--seeds", "experiment", "--grid", "smoke", "--seeds", "0"),
                bad("--shard", "experiment", "--grid", "smoke", "--shard", "x"),
                bad("--threads", "experiment", "--grid", "smoke", "--threads", "0"),
                bad("--images", "demo", "--images", "0", "--out", dir.resolve("demo").toString()),
                bad("--bench-ms", "demo", "--bench-ms", "-1", "--out", dir.resolve("demo").toString()),
                bad("--model", "train", "--model", "vgg"),
                bad("--activation", "train", "--activation", "softplus"),
                bad("--activation era:INIT", "train", "--activation", "era:softplus:4"),
                bad("--activation era:INIT:DEGREE", "train", "--activation", "era:swish:3"),
                bad("--init", "train", "--init", "gelu-ish"),
                bad("--degree", "train", "--degree", "5"),
                bad("--sharing", "train", "--sharing", "group:x"),
                bad("--norm", "train", "--norm", "group"),
                bad("--norm-axes", "train", "--norm-axes", "both"),
                bad("--optimizer", "train", "--optimizer", "rmsprop"),
                bad("--schedule", "train", "--schedule", "step:x"),
                bad("--schedule", "train", "--schedule", "step:120%"),
                bad("--schedule", "train", "--schedule", "exp:0.9"),
                bad("--schedule", "train", "--schedule", "cosine?"),
                bad("--clip", "train", "--clip", "abc"),
                bad("--clip", "train", "--clip", "value:0"),
                bad("--clip", "train", "--clip", "norm:Infinity"),
                bad("--per-class", "data", "subset", "--per-class", "-1", "--test-per-class", "1", "--out", dir.resolve("s").toString()));
        List<Executable> checks = new ArrayList<>();
        for (Case c : cases) {
            checks.add(() -> {
                VerifyCommandTest.Captured run = VerifyCommandTest.Captured.run(c.args());
                String what = String.join(" ", c.args()) + " -> exit " + run.exitCode() + ", stderr: " + run.err();
                assertNotEquals(0, run.exitCode(), what);
                String err = run.err().strip();
                assertFalse(err.isEmpty(), what);
                assertFalse(err.contains("\n"), "one line: " + what);
                assertFalse(err.contains("\tat ") || err.contains("internal error") || err.contains("Exception"), what);
                assertTrue(err.contains(c.expected()), "names '" + c.expected() + "': " + what);
            });
        }
        assertAll(checks);
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
