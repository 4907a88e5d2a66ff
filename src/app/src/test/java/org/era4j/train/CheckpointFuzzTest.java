package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.era4j.optim.Adam;
import org.era4j.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips bytes in a valid checkpoint and restores it: every outcome must be a clear error (an
 * {@link IOException} or {@link IllegalArgumentException} with a message) or bitwise-identical
 * weights, buffers and optimiser state; never another exception, an error or different weights.
 * Bounded by a count of trials, not by time: one fixed seed and one fresh seed per run (printed
 * with any failure so it can be replayed).
 */
class CheckpointFuzzTest {

    private static final int TRIALS = 300;

    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return Models.fcn(new int[] {1, 4, 4}, 3, new int[] {6}, NormKind.LAYER, LearnableAxes.PER_CHANNEL,
                ActivationFactory.relu(), seed);
    }

    private static TrainConfig config() {
        return TrainConfig.parse("fcn", "relu", "swish", 4, "layer", "default", "feature", "adam", 0.01, 0.9, "none",
                "none", 0, 2, 32, 1, 1, "simd", 0, false, 1, 0, null, Path.of("unused"), false);
    }

    @Test
    void flippedBytesGiveAClearErrorOrTheSameWeights() throws IOException {
        fuzz(20261203L);
        fuzz(new SplittableRandom().nextLong());
    }

    private void fuzz(long seed) throws IOException {
        Sequential saved = model(1);
        Optimizer optimizer = Adam.of(saved.parameters(), 0.01);
        Path original = dir.resolve("checkpoint.safetensors");
        List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 0.01, 1.5, 0.5, 1.25, 0.625, 2, 100));
        Checkpoints.save(original, saved, optimizer, metrics, config());
        byte[] bytes = Files.readAllBytes(original);
        Map<String, float[]> savedState = optimizer.state();
        SplittableRandom random = new SplittableRandom(seed);
        Path damaged = dir.resolve("damaged.safetensors");
        int errors = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            byte[] copy = bytes.clone();
            int flips = 1 + random.nextInt(3);
            StringBuilder where = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(copy.length);
                int mask = 1 + random.nextInt(255);
                copy[at] ^= (byte) mask;
                where.append(" byte ").append(at).append(" ^ 0x").append(Integer.toHexString(mask));
            }
            Files.write(damaged, copy);
            String context = "seed " + seed + " trial " + trial + ":" + where;
            Sequential loaded = model(2);
            Optimizer loadedOptimizer = Adam.of(loaded.parameters(), 0.01);
            try {
                Checkpoints.restore(damaged, loaded, loadedOptimizer);
            } catch (IOException | IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"),
                        context + ": unclear error " + e);
                errors++;
                continue;
            } catch (Throwable t) {
                fail(context + ": " + t, t);
            }
            // accepted: then it must be exactly what was saved
            saved.namedParameters().forEach((name, t) ->
                    assertArrayEquals(t.data(), loaded.namedParameters().get(name).data(), context + " " + name));
            saved.namedBuffers().forEach((name, b) ->
                    assertArrayEquals(b, loaded.namedBuffers().get(name), context + " " + name));
            Map<String, float[]> state = loadedOptimizer.state();
            assertEquals(savedState.keySet(), state.keySet(), context);
            savedState.forEach((name, values) -> assertArrayEquals(values, state.get(name), context + " " + name));
        }
        assertTrue(errors > TRIALS / 2, "most damage is detected (seed " + seed + "): " + errors + " of " + TRIALS);
    }
}
