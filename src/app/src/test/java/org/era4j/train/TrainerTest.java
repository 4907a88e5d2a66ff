package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.data.TrainTestData;
import org.era4j.nn.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static TrainTestData data;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadData() throws IOException {
        data = EmbeddedFashionMnist.load();
    }

    static TrainConfig config(String activation, int epochs, double lr, Path out, boolean resume) {
        return TrainConfig.parse("fcn", activation, "swish", 4, "layer", "default", "feature", "sgd", lr, 0.9, "step:2",
                "norm:5", 0.001, epochs, 32, 7, 2, "simd", 2, true, 0.125, 640, null, out, resume);
    }

    static Trainer.Result train(TrainConfig config) throws IOException {
        return new Trainer(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
                .run(data, new LinkedHashMap<>());
    }

    @Test
    void aRunWritesMetricsCheckpointAndSummaryAndLearns() throws IOException {
        Path out = dir.resolve("run");
        Trainer.Result result = train(config("era:swish:4", 3, 0.02, out, false));
        List<EpochMetrics> metrics = MetricsLog.read(out.resolve(Trainer.METRICS));
        assertEquals(3, metrics.size());
        assertEquals(result.metrics(), metrics);
        assertEquals(0.002, metrics.get(2).learningRate(), 1e-12, "step decay x0.1 after epoch 2");
        assertTrue(metrics.getLast().testAccuracy() > 0.5, "10-class accuracy well above chance: " + metrics.getLast());
        assertTrue(Files.exists(out.resolve(Trainer.CHECKPOINT)));
        String summary = Files.readString(out.resolve(RunSummary.FILE_NAME));
        assertTrue(summary.contains("\"finalTestAccuracy\""), summary);
        assertTrue(summary.contains("\"activation\": \"era\""), summary);
        List<Path> plots = RunPlots.write(out, "test", result.model(), null, data.test(), metrics);
        assertTrue(plots.stream().anyMatch(p -> p.getFileName().toString().startsWith("era-act")), plots.toString());
    }

    @Test
    void resumingFromAnyEpochEndsWithTheSameWeightsAsAnUninterruptedRun() throws IOException {
        Path whole = dir.resolve("whole");
        train(config("era:swish:4", 3, 0.02, whole, false));
        Path split = dir.resolve("split");
        train(config("era:swish:4", 1, 0.02, split, false));
        assertThrows(IllegalArgumentException.class, () -> train(config("era:swish:4", 3, 0.02, split, false)),
                "an existing checkpoint is never overwritten without --resume");
        train(config("era:swish:4", 3, 0.02, split, true));
        assertSameWeights(whole.resolve(Trainer.CHECKPOINT), split.resolve(Trainer.CHECKPOINT));
        assertEquals(MetricsLog.read(whole.resolve(Trainer.METRICS)).stream().map(EpochMetrics::testAccuracy).toList(),
                MetricsLog.read(split.resolve(Trainer.METRICS)).stream().map(EpochMetrics::testAccuracy).toList());
    }

    /** A run killed (SIGKILL) after its first checkpoint and resumed reaches the uninterrupted weights. */
    @Test
    void aKilledRunResumesToTheSameWeights() throws Exception {
        // the child process finds its data the way era train does; so does the reference run here
        TrainTestData systemData = org.era4j.data.DataLocator.fromSystem().load(null);
        Path whole = dir.resolve("whole");
        TrainConfig base = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "none", "none", 0.001, 4, 32, 3, 1, "simd", 0, false, 0.5, 3000, null, whole, false);
        new Trainer(base, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
                .run(systemData, new LinkedHashMap<>());

        Path killed = dir.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.era4j.cli.EraCommand", "train",
                "--model", "fcn", "--activation", "era:swish:4", "--lr", "0.02", "--epochs", "4", "--batch", "32",
                "--seed", "3", "--threads", "1", "--width", "0.5", "--train-limit", "3000", "--weight-decay", "0.001",
                "--out", killed.toString()));
        List<String> withData = new ArrayList<>(command);
        Process process = new ProcessBuilder(withData).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path checkpoint = killed.resolve(Trainer.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive() && !Files.exists(checkpoint)) {
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor();
        assertFalse(Files.exists(killed.resolve(RunSummary.FILE_NAME)),
                "the child was killed before it finished: " + Files.readString(dir.resolve("child.log")));
        assertTrue(Files.exists(killed.resolve(Trainer.CHECKPOINT)), Files.readString(dir.resolve("child.log")));

        TrainConfig resumed = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "none", "none", 0.001, 4, 32, 3, 2, "simd", 0, false, 0.5, 3000, null, killed, true);
        new Trainer(resumed, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
                .run(systemData, new LinkedHashMap<>());
        assertSameWeights(whole.resolve(Trainer.CHECKPOINT), killed.resolve(Trainer.CHECKPOINT));
        assertEquals(MetricsLog.read(whole.resolve(Trainer.METRICS)).stream().map(EpochMetrics::testAccuracy).toList(),
                MetricsLog.read(killed.resolve(Trainer.METRICS)).stream().map(EpochMetrics::testAccuracy).toList());
    }

    /** A crash between the checkpoint and metrics.csv writes loses nothing: the checkpoint carries the metrics. */
    @Test
    void resumeTakesTheMetricsFromTheCheckpointWhenMetricsCsvIsBehind() throws IOException {
        Path out = dir.resolve("behind");
        train(config("era:swish:4", 2, 0.02, out, false));
        List<EpochMetrics> logged = MetricsLog.read(out.resolve(Trainer.METRICS));
        MetricsLog.write(out.resolve(Trainer.METRICS), logged.subList(0, 1));
        Trainer.Result result = train(config("era:swish:4", 3, 0.02, out, true));
        assertEquals(3, result.metrics().size());
        assertEquals(logged, result.metrics().subList(0, 2));
        assertEquals(result.metrics(), MetricsLog.read(out.resolve(Trainer.METRICS)));
    }

    @Test
    void resumingWithAnotherOptimiserIsAClearError() throws IOException {
        Path out = dir.resolve("optimiser");
        train(config("relu", 1, 0.02, out, false));
        TrainConfig adam = TrainConfig.parse("fcn", "relu", "swish", 4, "layer", "default", "feature", "adam", 0.001, 0.9,
                "step:2", "norm:5", 0.001, 2, 32, 7, 2, "simd", 2, true, 0.125, 640, null, out, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(adam));
        assertTrue(e.getMessage().contains("--optimizer adam (checkpoint: sgd)"), e.getMessage());
        assertTrue(e.getMessage().contains("--lr 0.001 (checkpoint: 0.02)"), e.getMessage());
    }

    @Test
    void resumeRefusesEveryOptionThatChangesTheTrajectoryAndNamesEach() throws IOException {
        Path out = dir.resolve("strict");
        train(config("era:swish:4", 1, 0.02, out, false));
        byte[] checkpoint = Files.readAllBytes(out.resolve(Trainer.CHECKPOINT));
        // seed 8, momentum 0.5, batch 16, init gelu, schedule none, train-limit 320
        TrainConfig changed = TrainConfig.parse("fcn", "era:gelu:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.5,
                "none", "norm:5", 0.001, 2, 16, 8, 2, "simd", 2, true, 0.125, 320, null, out, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(changed));
        for (String option : List.of("--seed 8", "--momentum 0.5", "--batch 16", "--init gelu", "--schedule none",
                "--train-limit 320")) {
            assertTrue(e.getMessage().contains(option + " (checkpoint: "), option + " in: " + e.getMessage());
        }
        assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve(Trainer.CHECKPOINT)), "nothing was written");
        assertFalse(Files.exists(out.resolve(RunSummary.FILE_NAME)) && Files.readString(out.resolve(RunSummary.FILE_NAME))
                .contains("\"seed\": \"8\""));
        // --threads and a longer run do not change the trajectory
        TrainConfig more = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "step:2", "norm:5", 0.001, 2, 32, 7, 1, "simd", 2, true, 0.125, 640, null, out, true);
        assertEquals(2, train(more).metrics().size());
    }

    @Test
    void aCheckpointWithOlderSpellingsResumesButStillRefusesRealDifferences() throws IOException {
        Path out = dir.resolve("old-spellings");
        train(config("era:swish:4", 1, 0.02, out, false));
        Path checkpoint = out.resolve(Trainer.CHECKPOINT);
        // what an older era4j recorded: the values as typed
        rewriteConfig(checkpoint, Map.of("era4j.config.clip", "5", "era4j.config.init", "SiLU", "era4j.config.schedule", "step: 2"));
        assertEquals(2, train(config("era:swish:4", 2, 0.02, out, true)).metrics().size());

        Path other = dir.resolve("old-spellings-other");
        train(config("era:swish:4", 1, 0.02, other, false));
        rewriteConfig(other.resolve(Trainer.CHECKPOINT), Map.of("era4j.config.clip", "value:5", "era4j.config.schedule", "constant"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(config("era:swish:4", 2, 0.02, other, true)));
        assertTrue(e.getMessage().contains("--clip norm:5.0 (checkpoint: value:5.0)"), e.getMessage());
        assertTrue(e.getMessage().contains("--schedule step:2 (checkpoint: none)"), e.getMessage());
    }

    private static void rewriteConfig(Path checkpoint, Map<String, String> changes) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, org.era4j.nn.io.SafeTensors.Entry> entries = org.era4j.nn.io.SafeTensors.read(checkpoint, metadata);
        metadata.putAll(changes);
        metadata.keySet().removeIf(k -> k.startsWith("era4j.crc32c"));
        org.era4j.nn.io.SafeTensors.write(checkpoint, entries, metadata);
    }

    @Test
    void aCompleteCheckpointRegeneratesMetricsAndSummaryOnResume() throws IOException {
        Path out = dir.resolve("complete");
        train(config("relu", 2, 0.02, out, false));
        List<EpochMetrics> logged = MetricsLog.read(out.resolve(Trainer.METRICS));
        // killed right after the last checkpoint's rename: metrics.csv one epoch behind, no summary
        MetricsLog.write(out.resolve(Trainer.METRICS), logged.subList(0, 1));
        Files.delete(out.resolve(RunSummary.FILE_NAME));
        train(config("relu", 2, 0.02, out, true));
        assertEquals(logged, MetricsLog.read(out.resolve(Trainer.METRICS)));
        assertTrue(Files.readString(out.resolve(RunSummary.FILE_NAME)).contains("\"epochs\": 2"));
    }

    @Test
    void aSecondTrainerOnTheSameFolderIsRefusedNamingThePid() throws IOException {
        Path out = Files.createDirectories(dir.resolve("locked"));
        try (RunLock held = RunLock.acquire(out)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(config("relu", 1, 0.02, out, false)));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertFalse(Files.exists(out.resolve(Trainer.CHECKPOINT)));
        }
        train(config("relu", 1, 0.02, out, false));
        assertTrue(Files.exists(out.resolve(Trainer.CHECKPOINT)), "the lock is released with its holder");
    }

    @Test
    void aTransposedTensorIsRefusedOnLoad() throws IOException {
        Path out = dir.resolve("transposed");
        train(config("relu", 1, 0.02, out, false));
        Path file = out.resolve(Trainer.CHECKPOINT);
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>(SafeTensors.read(file, metadata));
        String name = entries.keySet().stream().filter(n -> n.startsWith("model.") && entries.get(n).shape().length == 2)
                .findFirst().orElseThrow();
        int[] shape = entries.get(name).shape();
        entries.put(name, new SafeTensors.Entry(new int[] {shape[1], shape[0]}, entries.get(name).data()));
        metadata.keySet().removeIf(k -> k.startsWith("era4j.crc32c"));
        SafeTensors.write(file, entries, metadata);
        IOException e = assertThrows(IOException.class, () -> train(config("relu", 2, 0.02, out, true)));
        assertTrue(e.getMessage().contains("'" + name + "' has shape [" + shape[1] + ", " + shape[0] + "]"), e.getMessage());
    }

    @Test
    void aFileAsRunFolderAndAShiftBeyondTheImageAreClearErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(config("relu", 1, 0.02, file, false)));
        assertTrue(e.getMessage().contains("--out " + file + " exists and is not a directory"), e.getMessage());
        TrainConfig shift = TrainConfig.parse("fcn", "relu", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "none", "none", 0, 1, 32, 1, 1, "simd", 30, false, 0.125, 64, null, dir.resolve("s"), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> train(shift)).getMessage().contains("--augment-shift"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.parse("fcn", "relu", "swish", 4, "layer",
                "default", "feature", "sgd", 0.02, 0.9, "none", "none", 0, 1, Integer.MAX_VALUE, 1, 1, "simd", 0, false, 1, 0,
                null, dir, false)).getMessage().contains("--batch must be in [1, 65536]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.parse("fcn", "relu", "swish", 4, "layer",
                "default", "feature", "sgd", 0.02, 0.9, "none", "none", 0, 1, 32, 1, 1, "simd", 0, false, 1, -5,
                null, dir, false)).getMessage().contains("--train-limit"));
    }

    @Test
    void divergenceNamesTheFirstNonFiniteLayerAndKeepsTheLastCheckpoint() throws IOException {
        Path out = dir.resolve("diverge");
        TrainConfig first = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "none", "none", 0, 1, 32, 7, 2, "simd", 0, false, 0.125, 640, null, out, false);
        train(first);
        // weights blown up by 1e30 (rewritten with fresh checksums): the next step overflows
        Path file = out.resolve(Trainer.CHECKPOINT);
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>(SafeTensors.read(file, metadata));
        entries.replaceAll((name, entry) -> {
            if (!name.startsWith("model.")) {
                return entry;
            }
            float[] big = entry.data().clone();
            for (int i = 0; i < big.length; i++) {
                big[i] *= 1e30f;
            }
            return new SafeTensors.Entry(entry.shape(), big);
        });
        metadata.keySet().removeIf(k -> k.startsWith("era4j.crc32c"));
        SafeTensors.write(file, entries, metadata);
        byte[] good = Files.readAllBytes(file);
        TrainConfig explode = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.02, 0.9,
                "none", "none", 0, 2, 32, 7, 2, "simd", 0, false, 0.125, 640, null, out, true);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(explode));
        assertTrue(e.getMessage().contains("first non-finite layer output: '"), e.getMessage());
        assertTrue(e.getMessage().contains("is intact"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(file), "the last good checkpoint is untouched");
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> train(TrainConfig.parse("vgg", "relu", "swish", 4, "layer", "default", "feature", "sgd", 0.01, 0.9, "none",
                        "none", 0, 1, 32, 1, 1, "simd", 0, false, 1, 64, null, dir.resolve("x"), false)))
                .getMessage().contains("--model"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("era:swish:x", 1, 0.01, dir, false))
                .getMessage().contains("DEGREE"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> train(TrainConfig.parse("fcn", "relu", "swish", 4, "layer", "default", "feature", "sgd", 0.01, 0.9, "cosine?",
                        "none", 0, 1, 32, 1, 1, "simd", 0, false, 1, 64, null, dir.resolve("y"), false)))
                .getMessage().contains("--schedule"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("fcn", "relu", "swish", 4, "layer", "default", "feature", "sgd", 0.01, 0.9, "none",
                        "none", 0, 0, 32, 1, 1, "simd", 0, false, 1, 64, null, dir, false)).getMessage().contains("--epochs"));
    }

    private static void assertSameWeights(Path expected, Path actual) throws IOException {
        Map<String, SafeTensors.Entry> a = SafeTensors.read(expected, new HashMap<>());
        Map<String, SafeTensors.Entry> b = SafeTensors.read(actual, new HashMap<>());
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
    }
}
