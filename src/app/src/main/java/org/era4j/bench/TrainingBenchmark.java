package org.era4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.era4j.autograd.ExecutionContext;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.era4j.nn.ActivationFactory.EraSharing;
import org.era4j.optim.L2Regularization;
import org.era4j.optim.Adam;
import org.era4j.rational.EraSpec;

/**
 * Prints the time of one training step (forward, backward, L2, Adam update) of the FCN
 * (layer norm) and the CNN (instance norm) at batch 64 on 28x28x1 input, with ReLU and with ERA
 * (n = 2, layer sharing for the FCN, per-channel for the CNN), on 1 and 2 threads. Median of the
 * timed steps after warm-up, ReLU and ERA steps alternated; on 1 thread the thread's CPU time is
 * measured (robust to other load on the machine), on 2 threads wall time. Not a test: timings depend on the machine and its load.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/classes org.era4j.bench.TrainingBenchmark [steps [FCN,CNN [simd|scalar [1,2]]]]}
 */
public final class TrainingBenchmark {

    /**
     * A smooth ERA(n = 2) set used only to time the kernel (values do not change the work done):
     * {@code 0.5x + 0.1 + 0.5x / (x^2 + 1) + (0.2x + 0.1) / ((x - 1)^2 + 0.64)}.
     */
    private static final float[] TIMING_ONLY_ERA_SET = {0.5f, 0.1f, 0.5f, 0f, 0f, 1f, 0.2f, 0.1f, 1f, 0.8f};

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String[] models = args.length > 1 ? args[1].split(",") : new String[] {"FCN", "CNN"};
        String backend = args.length > 2 ? args[2] : "simd";
        int[] threadCounts = args.length > 3 ? java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        int batch = 64;
        int[] image = {1, 28, 28};
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[batch * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        int[] y = random.ints(batch, 0, 10).toArray();
        int[] shape = {batch, 1, 28, 28};
        System.out.println("ERA backend: " + backend);
        for (int threads : threadCounts) {
          try (ExecutionContext context = ExecutionContext.open(backend, threads)) {
            for (String model : models) {
                ClassifierStep relu = step(context, model, image, ActivationFactory.relu());
                ClassifierStep era = step(context, model, image, ActivationFactory.era(EraSpec.of(2),
                        model.equals("FCN") ? EraSharing.LAYER : EraSharing.CHANNEL, 1, TIMING_ONLY_ERA_SET));
                // alternate the two so a change in machine load hits both alike
                for (int i = 0; i < Math.max(5, steps / 3); i++) {
                    relu.train(x, shape, y);
                    era.train(x, shape, y);
                }
                double[] reluMs = new double[steps];
                double[] eraMs = new double[steps];
                for (int i = 0; i < steps; i++) {
                    reluMs[i] = time(threads, relu, x, shape, y);
                    eraMs[i] = time(threads, era, x, shape, y);
                }
                Arrays.sort(reluMs);
                Arrays.sort(eraMs);
                double r = reluMs[steps / 2];
                double e = eraMs[steps / 2];
                System.out.printf("%s threads=%d (%s): ReLU %8.2f ms/step, ERA %8.2f ms/step (%+.1f%%); min ReLU %.2f, ERA %.2f%n",
                        model, threads, threads == 1 ? "thread CPU time" : "wall time", r, e, 100 * (e / r - 1), reluMs[0], eraMs[0]);
            }
          }
        }
        System.exit(0);
    }

    private static ClassifierStep step(ExecutionContext context, String model, int[] image, ActivationFactory factory) {
        Sequential net = model.equals("FCN")
                ? Models.fcn(image, 10, NormKind.LAYER, LearnableAxes.PER_CHANNEL, factory, 1)
                : Models.cnn(image, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL, factory, 1);
        // the recipe of `era train --optimizer=adam --lr=1e-3` (L2 1e-3 on non-rational parameters)
        return new ClassifierStep(context, net, new Adam(net.parameters(), 1e-3, 0.9, 0.999, 1e-7, 0),
                new L2Regularization(1e-3), ClassifierStep.Clipping.NONE, 0);
    }

    /**
     * Milliseconds of one step: CPU time of the calling thread when everything runs on it
     * (threads = 1; unaffected by other processes taking the cores), else wall time.
     */
    private static double time(int threads, ClassifierStep step, float[] x, int[] shape, int[] y) {
        boolean cpu = threads == 1;
        long start = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        step.train(x, shape, y);
        long end = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        return (end - start) / 1e6;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
}
