import java.util.SplittableRandom;
import org.era4j.autograd.ExecutionContext;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.era4j.optim.Adam;
import org.era4j.optim.L2Regularization;
import org.era4j.rational.EraSpec;

/**
 * One paper-CNN training step (batch 64, 28x28x1, instance norm, Adam 1e-3, L2 1e-3: the recipe of
 * TrainingBenchmark and `era train`), compiled against one era4j jar and loaded by StepAB or
 * StepScaling in a class loader of its own.
 */
public final class StepRunner {

    private final ClassifierStep step;
    private final float[] x;
    private final int[] y;
    private final int[] shape = {64, 1, 28, 28};

    public StepRunner(int threads, String activation) {
        SplittableRandom random = new SplittableRandom(1);
        x = new float[64 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        y = random.ints(64, 0, 10).toArray();
        ExecutionContext context = ExecutionContext.open("simd", threads);
        ActivationFactory factory = activation.equals("relu") ? ActivationFactory.relu()
                : ActivationFactory.era(EraSpec.of(2), ActivationFactory.EraSharing.CHANNEL, 1,
                        new float[] {0.5f, 0.1f, 0.5f, 0f, 0f, 1f, 0.2f, 0.1f, 1f, 0.8f});
        Sequential model = Models.cnn(new int[] {1, 28, 28}, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL, factory, 1);
        step = new ClassifierStep(context, model, new Adam(model.parameters(), 1e-3, 0.9, 0.999, 1e-7, 0),
                new L2Regularization(1e-3), ClassifierStep.Clipping.NONE, 0);
    }

    /** Wall-clock milliseconds of each of {@code steps} steps. */
    public double[] run(int steps) {
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            step.train(x, shape, y);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }
}
