import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Alternates single training steps of two era4j jars in one JVM, A B B A A B ..., so that a
 * change in the machine's load (this VM's speed moved by 30 % within minutes) hits both alike, and
 * prints the medians and the median of the per-pair ratios B / A.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp CLASSES StepAB A.jar B.jar threads pairs [relu|era]},
 * with StepRunner compiled against either jar into {@code RUNNER_DIR} (see cnn_step_ab.sh).
 */
public final class StepAB {

    public static void main(String[] args) throws Exception {
        Path runnerDir = Path.of(System.getProperty("runner.dir", "."));
        int threads = Integer.parseInt(args[2]);
        int pairs = Integer.parseInt(args[3]);
        String activation = args.length > 4 ? args[4] : "relu";
        Object[] runners = new Object[2];
        Method[] run = new Method[2];
        for (int j = 0; j < 2; j++) {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[j]).toUri().toURL(), runnerDir.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass("StepRunner");
            runners[j] = type.getConstructor(int.class, String.class).newInstance(threads, activation);
            run[j] = type.getMethod("run", int.class);
        }
        for (int warm = 0; warm < 4; warm++) {
            for (int j = 0; j < 2; j++) {
                run[j].invoke(runners[j], 10);
            }
        }
        double[][] ms = new double[2][pairs];
        double[] ratio = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                int j = p % 2 == 0 ? k : 1 - k;
                ms[j][p] = ((double[]) run[j].invoke(runners[j], 1))[0];
            }
            ratio[p] = ms[1][p] / ms[0][p];
        }
        for (int j = 0; j < 2; j++) {
            double[] sorted = ms[j].clone();
            Arrays.sort(sorted);
            System.out.printf("%s threads=%d: median %.1f ms, min %.1f ms%n", args[j], threads, sorted[pairs / 2], sorted[0]);
        }
        Arrays.sort(ratio);
        System.out.printf("B / A per pair: median %.3f (quartiles %.3f, %.3f) over %d pairs%n",
                ratio[pairs / 2], ratio[pairs / 4], ratio[3 * pairs / 4], pairs);
        System.exit(0);
    }
}
