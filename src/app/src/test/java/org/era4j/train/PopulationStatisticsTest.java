package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.autograd.ExecutionContext;
import org.era4j.data.Dataset;
import org.era4j.nn.BatchNorm;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Sequential;
import org.era4j.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Before an evaluation the trainer gives batch norms the population statistics of the first full
 * training batches (in data set order, no augmentation); a training set smaller than one batch
 * uses its one partial batch.
 */
class PopulationStatisticsTest {

    private static Dataset images(int count) {
        byte[] pixels = new byte[count * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37 + (i / 4) * 11) % 251);
        }
        return Dataset.of("probe", pixels, new int[count], 1, 2, 2, 2);
    }

    /** Mean and biased variance of the pixels of images [0, count). */
    private static double[] statistics(Dataset data, int count) {
        float[] image = new float[4];
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            data.copyImage(i, image, 0);
            for (float v : image) {
                sum += v;
                squares += (double) v * v;
            }
        }
        double mean = sum / (4.0 * count);
        return new double[] {mean, squares / (4.0 * count) - mean * mean};
    }

    private static void check(int images, int batch, int expectedImages) {
        Dataset data = images(images);
        BatchNorm bn = new BatchNorm(1, true, LearnableAxes.SCALAR, 1e-3f, BatchNorm.DEFAULT_MOMENTUM);
        Sequential model = new Sequential().add("bn", bn);
        try (ExecutionContext context = ExecutionContext.cpu(1)) {
            ClassifierStep step = new ClassifierStep(context, model, new Sgd(model.parameters(), 0.1, 0, false),
                    null, ClassifierStep.Clipping.NONE, 0);
            model.train(true);
            Trainer.populationStatistics(step, model, data, batch, new int[] {1, 2, 2});
            assertTrue(model.isTraining(), "modes are restored");
        }
        double[] expected = statistics(data, expectedImages);
        assertEquals(expected[0], bn.namedBuffers().get("running_mean")[0], 1e-6);
        assertEquals(expected[1], bn.namedBuffers().get("running_var")[0], 1e-6);
    }

    @Test
    void fullBatchesOnlyInDataSetOrder() {
        check(9, 4, 8); // batches of 4, 4 and a partial 1: the partial one is left out
    }

    @Test
    void aTrainingSetSmallerThanOneBatchUsesItsPartialBatch() {
        check(3, 4, 3);
    }
}
