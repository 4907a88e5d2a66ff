package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.era4j.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/interop/load_era4j_checkpoint.py} honest: the tensor names and shapes its
 * {@code TENSORS} table lists (the names the PyTorch module loads, strictly) are read from the
 * script itself and compared with checkpoints {@code era train} writes now, for the two commands
 * the script documents. A renamed layer or parameter, a changed layout or default degree fails
 * here rather than in a user's Python session. Also checks the metadata key the script reads and
 * the ERA/norm eps it hard-codes.
 */
class CheckpointForPyTorchTest {

    static final Path SCRIPT = Path.of("../../docs/interop/load_era4j_checkpoint.py");

    @TempDir
    Path dir;

    @Test
    void checkpointsHoldExactlyTheTensorsThePyTorchLoaderReads() throws Exception {
        String script = Files.readString(SCRIPT);
        Map<String, Map<String, int[]>> tables = tables(script);
        assertEquals(java.util.Set.of("fcn", "cnn"), tables.keySet());

        for (String model : tables.keySet()) {
            Path run = dir.resolve(model);
            String[] args = model.equals("fcn")
                    ? new String[] {"train", "--model", "fcn", "--activation", "era", "--epochs", "1",
                            "--train-limit", "100", "--batch", "50", "--threads", "2", "--out", run.toString()}
                    : new String[] {"train", "--model", "cnn", "--activation", "era", "--sharing", "channel",
                            "--epochs", "1", "--train-limit", "50", "--batch", "50", "--threads", "2", "--out", run.toString()};
            VerifyCommandTest.Captured train = VerifyCommandTest.Captured.run(args);
            assertEquals(0, train.exitCode(), train.err());

            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, SafeTensors.Entry> entries = SafeTensors.read(run.resolve("checkpoint.safetensors"), metadata);
            assertEquals(model, metadata.get("era4j.config.model"), "metadata key the script dispatches on");

            Map<String, String> actual = new TreeMap<>();
            entries.forEach((name, entry) -> {
                if (name.startsWith("model.")) {
                    actual.put(name, Arrays.toString(entry.shape()));
                }
            });
            Map<String, String> expected = new TreeMap<>();
            tables.get(model).forEach((name, shape) -> expected.put(name, Arrays.toString(shape)));
            // every model parameter is in the table (strict load in PyTorch) with the same shape
            assertEquals(expected, actual, model + ": docs/interop/load_era4j_checkpoint.py TENSORS vs era train's checkpoint");
        }

        assertTrue(script.contains("ERA_EPS = " + eps(org.era4j.rational.EraSpec.DEFAULT_EPS)), "ERA eps in the script");
        assertTrue(script.contains("NORM_EPS = " + eps(org.era4j.nn.NormLayer.DEFAULT_EPS)), "norm eps in the script");
    }

    private static String eps(float value) {
        return value == 1e-3f ? "1e-3" : Float.toString(value);
    }

    /** {"fcn": {name: shape}, "cnn": {...}} from the script's {@code TENSORS = {...}} block. */
    static Map<String, Map<String, int[]>> tables(String script) {
        int start = script.indexOf("\nTENSORS = {");
        assertTrue(start >= 0, "no TENSORS table in the script");
        Pattern model = Pattern.compile("^\\s{4}\"(\\w+)\": \\{\\s*$");
        Pattern entry = Pattern.compile("^\\s{8}\"(model\\.[\\w.]+)\": \\(([\\d, ]+)\\),\\s*$");
        Map<String, Map<String, int[]>> tables = new LinkedHashMap<>();
        Map<String, int[]> current = null;
        for (String line : script.substring(start + 1).split("\n")) {
            if (line.equals("}")) {
                break;
            }
            Matcher m = model.matcher(line);
            Matcher e = entry.matcher(line);
            if (m.matches()) {
                current = new LinkedHashMap<>();
                tables.put(m.group(1), current);
            } else if (e.matches()) {
                assertTrue(current != null, line);
                current.put(e.group(1), Arrays.stream(e.group(2).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray());
            }
        }
        tables.values().forEach(t -> assertTrue(t.size() > 10, "table parsed too short: " + t.keySet()));
        return tables;
    }
}
