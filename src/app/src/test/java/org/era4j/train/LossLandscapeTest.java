package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;
import org.era4j.data.Augmentation;
import org.era4j.data.Batch;
import org.era4j.data.Batcher;
import org.era4j.data.Dataset;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.Sequential;
import org.era4j.optim.Sgd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossLandscapeTest {

    static Dataset eval;
    static TrainConfig config;

    @BeforeAll
    static void setUp() throws IOException {
        eval = LossLandscape.firstImages(EmbeddedFashionMnist.load().test(), 120);
        // a small FCN with ERA, and a CNN (convolution filters) with random-init ERA
        config = TrainConfig.parse("fcn", "era:swish:4", "swish", 4, "layer", "default", "feature", "sgd", 0.01, 0.9, "none",
                "none", 0.001, 1, 32, 3, 1, "simd", 0, false, 0.0625, 0, null, Path.of("unused"), false);
    }

    private static Supplier<Sequential> models(TrainConfig c) {
        return () -> ModelFactory.build(c, new int[] {1, 28, 28}, 10);
    }

    @Test
    void theCentreOfTheGridIsTheModelsLoss() {
        LossLandscape.Grid grid = LossLandscape.compute(models(config), eval, 3, 0.5, 1, 2, done -> { });
        assertEquals(0.0, grid.alphas()[1]);
        assertEquals(0.0, grid.betas()[1]);
        // the trainer's own evaluation (other batching) of the untouched model
        Sequential model = models(config).get();
        try (ExecutionContext context = ExecutionContext.cpu(1)) {
            ClassifierStep step = new ClassifierStep(context, model, new Sgd(model.parameters(), 0.01, 0, false), null,
                    ClassifierStep.Clipping.NONE, 0);
            Batcher batcher = new Batcher(eval, 32, false, Augmentation.NONE, 1);
            Batch batch = batcher.newBatch();
            double[] expected = Trainer.evaluate(step, batcher, batch, new float[32 * 10], new int[] {1, 28, 28}, 10);
            assertEquals(expected[0], grid.centreLoss(), 1e-5 * expected[0]);
            assertEquals(expected[1], grid.accuracy()[1][1], 1e-12);
        }
        // away from the centre the loss changes
        assertTrue(grid.loss()[0][0] != grid.centreLoss() && grid.loss()[2][2] != grid.centreLoss());
    }

    @Test
    void directionsAreFilterNormalised() {
        for (String model : new String[] {"fcn", "cnn"}) {
            TrainConfig c = TrainConfig.parse(model, "era:random:4", "swish", 4, "layer", "default", "feature", "sgd", 0.01, 0.9,
                    "none", "none", 0.001, 1, 32, 3, 1, "simd", 0, false, 0.0625, 0, null, Path.of("unused"), false);
            Sequential net = models(c).get();
            Map<String, float[]> d = LossLandscape.direction(net, new Random(5));
            int checkedFilters = 0;
            for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
                Tensor w = e.getValue();
                float[] dir = d.get(e.getKey());
                assertEquals(w.size(), dir.length, e.getKey());
                if (w.role() == ParameterRole.BIAS || w.role() == ParameterRole.NORM) {
                    for (float v : dir) {
                        assertEquals(0f, v, e.getKey() + ": biases and normalisation get no direction");
                    }
                    continue;
                }
                int filters = w.shape().length > 1 ? w.shape()[0] : 1;
                int per = w.size() / filters;
                for (int f = 0; f < filters; f++) {
                    double wn = 0;
                    double dn = 0;
                    for (int k = f * per; k < (f + 1) * per; k++) {
                        wn += (double) w.data()[k] * w.data()[k];
                        dn += (double) dir[k] * dir[k];
                    }
                    assertEquals(Math.sqrt(wn), Math.sqrt(dn), 1e-5 * Math.sqrt(wn) + 1e-12, e.getKey() + " filter " + f);
                    checkedFilters++;
                }
            }
            assertTrue(checkedFilters > 10, model + ": " + checkedFilters);
        }
    }

    @Test
    void seededRunsAreIdenticalWhateverTheThreadCount() {
        LossLandscape.Grid one = LossLandscape.compute(models(config), eval, 5, 1.0, 42, 1, done -> { });
        LossLandscape.Grid two = LossLandscape.compute(models(config), eval, 5, 1.0, 42, 2, done -> { });
        LossLandscape.Grid other = LossLandscape.compute(models(config), eval, 5, 1.0, 43, 2, done -> { });
        assertEquals(one.csv(), two.csv());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(one.loss()[i], two.loss()[i]);
        }
        assertFalse(Arrays.deepEquals(one.loss(), other.loss()), "another seed gives other directions");
        assertEquals(one.centreLoss(), other.centreLoss(), "the same centre");
    }
}
