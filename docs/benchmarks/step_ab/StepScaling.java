import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Alternates single training steps on 1 and on 2 threads of one era4j jar in one JVM and prints
 * the 2-thread speed-up (ratio of medians and median of per-pair ratios).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp CLASSES StepScaling jar pairs [relu|era]}.
 */
public final class StepScaling {

    public static void main(String[] args) throws Exception {
        Path runnerDir = Path.of(System.getProperty("runner.dir", "."));
        int pairs = Integer.parseInt(args[1]);
        String activation = args.length > 2 ? args[2] : "relu";
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL(), runnerDir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass("StepRunner");
        Object one = type.getConstructor(int.class, String.class).newInstance(1, activation);
        Object two = type.getConstructor(int.class, String.class).newInstance(2, activation);
        Method run = type.getMethod("run", int.class);
        for (int warm = 0; warm < 4; warm++) {
            run.invoke(one, 10);
            run.invoke(two, 10);
        }
        double[] t1 = new double[pairs];
        double[] t2 = new double[pairs];
        double[] speedup = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            t1[p] = ((double[]) run.invoke(one, 1))[0];
            t2[p] = ((double[]) run.invoke(two, 1))[0];
            speedup[p] = t1[p] / t2[p];
        }
        Arrays.sort(t1);
        Arrays.sort(t2);
        Arrays.sort(speedup);
        System.out.printf("%s: 1 thread median %.1f ms, 2 threads median %.1f ms: %.2fx (per pair: median %.2fx) over %d pairs%n",
                args[0], t1[pairs / 2], t2[pairs / 2], t1[pairs / 2] / t2[pairs / 2], speedup[pairs / 2], pairs);
        System.exit(0);
    }
}
