package org.era4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackends;
import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.VectorSupport;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code era verify}: checks backends against the float64 reference on random parameter sets,
 * and the reference's analytic derivatives against central differences. Prints one row per check
 * with the worst error as a fraction of its bound; exits 1 if any check fails.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every backend against the float64 reference and the gradients against central differences.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--backend", completionCandidates = BackendNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or all (every backend available here; default: all)", defaultValue = "all")
    String backend;

    @Option(names = "--trials", description = "random parameter sets per degree, 1..1000000 (default: ${DEFAULT-VALUE})", defaultValue = "40")
    int trials;

    @Option(names = "--seed", description = "random seed (default: drawn from the clock and printed)")
    Long seed;

    private record Row(String check, double worstRatio, double worstError, double bound) {
        boolean passed() {
            return worstRatio <= 1.0;
        }
    }

    @Override
    public Integer call() {
        if (trials < 1 || trials > 1_000_000) {
            throw new IllegalArgumentException("--trials must be in [1, 1000000], got " + trials);
        }
        List<EraBackend> backends = new ArrayList<>();
        if ("all".equalsIgnoreCase(backend)) {
            for (EraBackendProvider provider : EraBackends.providers()) {
                EraBackendProvider.Availability availability = provider.availability();
                if (availability.available()) {
                    backends.add(provider.open(""));
                } else {
                    commandSpec.commandLine().getOut().println("(" + provider.name() + " not checked: " + availability.reason() + ")");
                }
            }
        } else {
            backends.add(EraBackends.open(backend));
        }
        long actualSeed = seed != null ? seed : System.nanoTime();
        PrintWriter out = commandSpec.commandLine().getOut();
        out.printf("era verify: seed %d, %d trials per degree, SIMD species %s%n", actualSeed, trials,
                VectorSupport.describe());
        out.printf("bounds (u = 2^-24): forward 16u*scale, dx 32u*|dy|*scale, dParams (m+64)u*sum|terms|; "
                + "derivatives vs central differences in float64%n%n");
        List<Row> rows = new ArrayList<>();
        for (EraBackend b : backends) {
            rows.addAll(checkBackend(b, new SplittableRandom(actualSeed)));
        }
        backends.forEach(EraBackend::close);
        rows.addAll(checkDeterminism(new SplittableRandom(actualSeed + 1)));
        rows.addAll(checkDerivatives(new SplittableRandom(actualSeed + 2)));

        out.printf("%-44s %12s %12s %12s  %s%n", "check", "error/bound", "worst error", "bound", "result");
        boolean allPassed = true;
        for (Row row : rows) {
            out.printf("%-44s %12.3e %12.3e %12.3e  %s%n", row.check(), row.worstRatio(), row.worstError(), row.bound(),
                    row.passed() ? "pass" : "FAIL");
            allPassed &= row.passed();
        }
        out.println(allPassed ? "\nall checks passed" : "\nSOME CHECKS FAILED");
        out.flush();
        return allPassed ? 0 : 1;
    }

    private List<Row> checkBackend(EraBackend backend, SplittableRandom random) {
        List<Row> rows = new ArrayList<>();
        int[] lengths = {1, 7, 17, 64, 255, 1031, 5003};
        for (int n = 1; n <= EraSpec.MAX_FRACTIONS; n++) {
            EraSpec spec = EraSpec.of(n);
            EraAccuracy.Measurement forward = null;
            EraAccuracy.Measurement input = null;
            EraAccuracy.Measurement parameters = null;
            for (int trial = 0; trial < trials; trial++) {
                float[] params = randomParams(spec, random);
                int length = lengths[random.nextInt(lengths.length)];
                float[] x = randomInputs(random, length, 4);
                float[] dy = randomInputs(random, length, 1);
                forward = worse(forward, EraAccuracy.forward(backend, spec, params, x));
                EraAccuracy.BackwardMeasurement b = EraAccuracy.backward(backend, spec, params, x, dy);
                input = worse(input, b.inputGradient());
                parameters = worse(parameters, b.parameterGradient());
            }
            rows.add(row(backend.name() + " n=" + n + " forward", forward));
            rows.add(row(backend.name() + " n=" + n + " input gradient", input));
            rows.add(row(backend.name() + " n=" + n + " parameter gradients", parameters));
        }
        return rows;
    }

    /** The executor gives bitwise-identical results for 1 and 2 threads. */
    private List<Row> checkDeterminism(SplittableRandom random) {
        EraSpec spec = EraSpec.of(2);
        int channels = 8;
        int inner = 3000;
        ParameterSharing sharing = ParameterSharing.perChannel(channels, ParameterSharing.ChannelLayout.CHANNELS_FIRST);
        float[] params = new float[channels * spec.parameterCount()];
        for (int s = 0; s < channels; s++) {
            System.arraycopy(randomParams(spec, random), 0, params, s * spec.parameterCount(), spec.parameterCount());
        }
        float[] x = randomInputs(random, 4 * channels * inner, 3);
        float[] dy = randomInputs(random, x.length, 1);
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (EraExecutor executor = new EraExecutor(EraBackends.defaultBackend(), threads)) {
                float[] dx = new float[x.length];
                float[] dParams = new float[params.length];
                executor.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length, inner);
                results[threads - 1] = dParams;
            }
        }
        double differing = 0;
        for (int k = 0; k < params.length; k++) {
            if (Float.floatToRawIntBits(results[0][k]) != Float.floatToRawIntBits(results[1][k])) {
                differing++;
            }
        }
        return List.of(new Row("executor 1 vs 2 threads: bitwise-equal dParams", differing, differing, 0));
    }

    /** The float64 reference's analytic derivatives against central differences. */
    private List<Row> checkDerivatives(SplittableRandom random) {
        double worstX = 0;
        double worstP = 0;
        double errX = 0;
        double errP = 0;
        for (int n = 1; n <= EraSpec.MAX_FRACTIONS; n++) {
            EraSpec spec = EraSpec.of(n);
            for (int trial = 0; trial < trials; trial++) {
                double[] p = new double[spec.parameterCount()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = random.nextDouble(-3, 3);
                }
                double x = random.nextDouble(-4, 4);
                double scale = 1;
                for (int i = 0; i < n; i++) {
                    double q = EraReference.quadratic(spec, p, 0, i, x);
                    scale += EraReference.valueScale(spec, p, 0, x) / (q * q);
                }
                double h = 1e-5;
                double numeric = (EraReference.value(spec, p, 0, x + h) - EraReference.value(spec, p, 0, x - h)) / (2 * h);
                double error = Math.abs(numeric - EraReference.derivative(spec, p, 0, x));
                double bound = 1e-6 * scale;
                if (error / bound > worstX) {
                    worstX = error / bound;
                    errX = error;
                }
                double[] gradient = new double[p.length];
                EraReference.parameterGradient(spec, p, 0, x, gradient, 0);
                for (int k = 0; k < p.length; k++) {
                    double[] plus = p.clone();
                    double[] minus = p.clone();
                    plus[k] += 1e-6;
                    minus[k] -= 1e-6;
                    double numericK = (EraReference.value(spec, plus, 0, x) - EraReference.value(spec, minus, 0, x)) / 2e-6;
                    double errorK = Math.abs(numericK - gradient[k]);
                    double boundK = 1e-5 * scale;
                    if (errorK / boundK > worstP) {
                        worstP = errorK / boundK;
                        errP = errorK;
                    }
                }
            }
        }
        return List.of(new Row("reference d/dx vs central differences", worstX, errX, errX / Math.max(worstX, 1e-300)),
                new Row("reference d/dp vs central differences", worstP, errP, errP / Math.max(worstP, 1e-300)));
    }

    private static Row row(String check, EraAccuracy.Measurement m) {
        return new Row(check, m.worstRatio(), m.worstError(), m.boundAtWorst());
    }

    private static EraAccuracy.Measurement worse(EraAccuracy.Measurement a, EraAccuracy.Measurement b) {
        return a == null || b.worstRatio() > a.worstRatio() || Double.isNaN(b.worstRatio()) ? b : a;
    }

    /** Parameters in [-10, 10], a quarter of the sets up to 100, some f exactly 0. */
    static float[] randomParams(EraSpec spec, SplittableRandom random) {
        float[] p = new float[spec.parameterCount()];
        double magnitude = random.nextInt(4) == 0 ? 100 : 10;
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) random.nextDouble(-magnitude, magnitude);
        }
        for (int i = 0; i < spec.fractions(); i++) {
            if (random.nextInt(4) == 0) {
                p[EraLayout.f(i)] = 0f;
            }
        }
        return p;
    }

    static float[] randomInputs(SplittableRandom random, int length, double scale) {
        float[] x = new float[length];
        float[] edges = {0f, -0f, Float.MIN_VALUE, 1e-40f, 1e4f, -1e4f, 1e8f, -1e8f};
        for (int i = 0; i < length; i++) {
            x[i] = random.nextInt(20) == 0 ? edges[random.nextInt(edges.length)]
                    : (float) (scale * (random.nextDouble() * 2 - 1) * 3);
        }
        return x;
    }
}
