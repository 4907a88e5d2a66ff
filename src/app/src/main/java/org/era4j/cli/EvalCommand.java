package org.era4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackends;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code era eval}: applies one ERA parameter set to every float of a raw little-endian float32
 * file, and optionally runs the fused backward pass.
 *
 * <pre>
 *   era eval --degree 4 --params a,b,c1,d1,e1,f1,c2,d2,e2,f2 --input x.f32 --output y.f32 \
 *            [--grad-output dy.f32 --grad-input dx.f32 --grad-params dp.txt]
 * </pre>
 *
 * {@code --degree D} is the denominator degree {@code 2n}; {@code --params} holds exactly
 * {@code 4n + 2} numbers in the order {@code a, b, c1, d1, e1, f1, ..., cn, dn, en, fn}. With
 * {@code --grad-output dy.f32} (same length as the input) it writes {@code dx = dy * sigma'(x)} to
 * {@code --grad-input} and the parameter gradients {@code sum_i dy_i d sigma(x_i) / d p_k}, summed
 * over all elements, to {@code --grad-params}: one number per line in parameter order, printed with
 * {@link Float#toString} so they read back to the same float. NaN or infinite inputs give NaN
 * outputs (see {@link EraBackend}). All outputs are written atomically.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate one ERA parameter set on a raw little-endian float32 file (and its gradients).")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--degree", required = true, paramLabel = "D",
            description = "Denominator degree 2n (2, 4, ..., 16).")
    int degree;

    @Option(names = "--params", required = true, paramLabel = "a,b,c1,d1,e1,f1,...",
            description = "The 4n+2 parameters, comma-separated, in the order a, b, then c, d, e, f of each fraction.")
    String params;

    @Option(names = "--eps", paramLabel = "E", description = "Denominator safety margin (default: ${DEFAULT-VALUE}).")
    float eps = EraSpec.DEFAULT_EPS;

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = BackendNames.class,
            description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String backend = "simd";

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads, 1..1024; results are identical for any count (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--input", required = true, paramLabel = "x.f32", description = "Input values, raw float32 LE.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "y.f32", description = "sigma(x), raw float32 LE.")
    Path output;

    @Option(names = "--grad-output", paramLabel = "dy.f32",
            description = "Upstream gradient dL/dy, as many floats as the input.")
    Path gradOutput;

    @Option(names = "--grad-input", paramLabel = "dx.f32", description = "Writes dL/dx = dy * sigma'(x).")
    Path gradInput;

    @Option(names = "--grad-params", paramLabel = "dp.txt",
            description = "Writes dL/dp summed over all elements, one number per line in --params order.")
    Path gradParams;

    @Override
    public Integer call() throws IOException {
        EraSpec spec = EraSpec.ofDenominatorDegree(degree, eps);
        float[] parameters = parseParameters(spec, params);
        boolean wantsGradients = gradInput != null || gradParams != null;
        if (wantsGradients && gradOutput == null) {
            throw new IllegalArgumentException("--grad-input and --grad-params need --grad-output (dL/dy)");
        }
        if (gradOutput != null && !wantsGradients) {
            throw new IllegalArgumentException("--grad-output needs --grad-input and/or --grad-params to write");
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
        }
        if (Files.isRegularFile(input)) {
            long count = Files.size(input) / Float.BYTES;
            HeapBudget.require("--input " + input + " (" + count + " floats)", count * Float.BYTES * (wantsGradients ? 4L : 2L));
        }

        float[] x = Float32Files.read("--input", input);
        float[] dy = null;
        if (gradOutput != null) {
            dy = Float32Files.read("--grad-output", gradOutput);
            if (dy.length != x.length) {
                throw new IllegalArgumentException("--grad-output " + gradOutput + " holds " + dy.length
                        + " floats but --input " + input + " holds " + x.length);
            }
        }

        if (dy != null) {
            refuseOutsideGradientRange(spec, parameters, x);
        }
        try (EraBackend kernel = EraBackends.open(backend); EraExecutor executor = new EraExecutor(kernel, threads)) {
            ParameterSharing layer = ParameterSharing.layer();
            float[] y = new float[x.length];
            executor.forward(spec, layer, parameters, 0, x, 0, y, 0, x.length, 1);
            float[] dx = null;
            float[] dParams = null;
            if (dy != null) {
                dx = new float[x.length];
                dParams = new float[spec.parameterCount()];
                executor.backward(spec, layer, parameters, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length, 1);
            }
            Float32Files.write("--output", output, y);
            if (gradInput != null) {
                Float32Files.write("--grad-input", gradInput, dx);
            }
            if (gradParams != null) {
                StringBuilder text = new StringBuilder();
                for (float g : dParams) {
                    text.append(Float.toString(g)).append('\n');
                }
                Float32Files.writeText("--grad-params", gradParams, text.toString());
            }
        }
        return 0;
    }

    /** Gradients are only stated inside {@link EraAccuracy#fractionOutsideGradientRange}; outside, refused. */
    static void refuseOutsideGradientRange(EraSpec spec, float[] parameters, float[] x) {
        double[] p = org.era4j.rational.EraReference.toDouble(spec, parameters, 0);
        for (int i = 0; i < x.length; i++) {
            int fraction = Float.isFinite(x[i]) ? EraAccuracy.fractionOutsideGradientRange(spec, p, 0, x[i]) : -1;
            if (fraction >= 0) {
                throw new IllegalArgumentException("--input element " + i + " (x = " + x[i] + ") is outside the stated "
                        + "gradient range for these --params: fraction " + (fraction + 1) + "'s (c x + d)/q^2 or (x - e)(c x + d)/q^2 "
                        + "overflows float32, or underflows with |x - e| > 2^20 (README, Accuracy); its float32 gradients would be NaN or wrong");
            }
        }
    }

    /** Parses {@code --params}: exactly {@code 4n + 2} finite numbers. */
    static float[] parseParameters(EraSpec spec, String text) {
        String[] parts = text.split(",", -1);
        int count = spec.parameterCount();
        if (parts.length != count) {
            StringBuilder names = new StringBuilder();
            for (int k = 0; k < count; k++) {
                names.append(k == 0 ? "" : ", ").append(EraLayout.name(k));
            }
            throw new IllegalArgumentException("--params: degree " + spec.denominatorDegree() + " needs "
                    + count + " values [" + names + "], got " + parts.length);
        }
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            String part = parts[k].strip();
            try {
                values[k] = Float.parseFloat(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--params: value " + (k + 1) + " (" + EraLayout.name(k)
                        + ") is not a number: '" + part + "'");
            }
            if (!Float.isFinite(values[k])) {
                throw new IllegalArgumentException("--params: value " + (k + 1) + " (" + EraLayout.name(k)
                        + ") is not finite in float32: '" + part + "'");
            }
        }
        return values;
    }
}
