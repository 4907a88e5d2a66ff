package org.era4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraFit;
import org.era4j.fit.EraFitter;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;
import org.era4j.rational.FitProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code era fit}: least-squares fit of an ERA to a fixed activation; prints the float32
 * parameters in the order {@code a, b, c1, d1, e1, f1, ...} and the max-abs and RMS errors of
 * those float32 parameters on 100,001 points of the interval. {@code --json} prints one object:
 * {@code {"target", "degree", "eps", "interval", "maxParam", "params", "maxAbsError", "rmsError"}}
 * ({@code maxParam} is {@code null} when unbounded).
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Least-squares fit of an ERA to an activation function on an interval.")
final class FitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true,
            description = "Function to fit: " + ActivationTarget.VALID_NAMES + ".")
    String target;

    @Option(names = "--degree", required = true,
            description = "Denominator degree 2n (even, 2..16): 2 is the paper's 3/2 ERA, 4 its 5/4.")
    int degree;

    @Option(names = "--interval", defaultValue = "-3,3",
            description = "Fitting interval LOWER,UPPER, both within [-1e18, 1e18] (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--eps", description = "Denominator safety margin (default: " + EraSpec.DEFAULT_EPS + ").")
    Float eps;

    @Option(names = "--max-param",
            description = "Hold every parameter to |p| <= M (default: unbounded; era4j's fitted "
                    + "initialisation uses 100).")
    Double maxParam;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        ActivationTarget activation = ActivationTarget.parse(target);
        EraSpec eraSpec = EraSpec.ofDenominatorDegree(degree, eps == null ? EraSpec.DEFAULT_EPS : eps);
        double[] bounds = parseInterval(interval);
        FitProblem problem = new FitProblem(activation, eraSpec, bounds[0], bounds[1],
                maxParam == null ? FitProblem.UNBOUNDED : maxParam);
        EraFit fit = EraFitter.fit(problem);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(fit) : text(fit));
        out.flush();
        return 0;
    }

    /** The largest interval end accepted: the documented finite input range of the kernels. */
    static final double MAX_END = 1e18;

    /** Reads {@code "LOWER,UPPER"}: finite, within [-1e18, 1e18]; lower < upper is {@link FitProblem}'s check. */
    static double[] parseInterval(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--interval must be LOWER,UPPER (e.g. -3,3), got '" + text + "'");
        }
        double[] bounds;
        try {
            bounds = new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--interval must be two numbers LOWER,UPPER (e.g. -3,3), got '"
                    + text + "'");
        }
        for (double end : bounds) {
            if (!(Math.abs(end) <= MAX_END)) {
                throw new IllegalArgumentException("--interval must be finite with lower < upper, both within [-1e18, 1e18] (the documented input range), got '"
                        + text + "'");
            }
        }
        return bounds;
    }

    private static String text(EraFit fit) {
        FitProblem p = fit.problem();
        StringBuilder sb = new StringBuilder();
        sb.append(p.spec()).append(" fitted to ").append(p.target().name()).append(" on [")
                .append(p.lower()).append(", ").append(p.upper()).append("], ")
                .append(p.bounded() ? "|p| <= " + p.maxParameter() : "unbounded").append('\n');
        float[] params = fit.params();
        for (int k = 0; k < params.length; k++) {
            sb.append(String.format(Locale.ROOT, "%-3s = %s%n", EraLayout.name(k), params[k]));
        }
        sb.append(String.format(Locale.ROOT, "max-abs error: %.3e%nrms error:     %.3e%n",
                fit.maxAbsError(), fit.rmsError()));
        return sb.toString();
    }

    private static String json(EraFit fit) {
        FitProblem p = fit.problem();
        JsonObject json = new JsonObject();
        json.addProperty("target", p.target().name());
        json.addProperty("degree", p.spec().denominatorDegree());
        json.addProperty("eps", p.spec().eps());
        JsonArray interval = new JsonArray();
        interval.add(p.lower());
        interval.add(p.upper());
        json.add("interval", interval);
        json.add("maxParam", p.bounded() ? new JsonPrimitive(p.maxParameter()) : JsonNull.INSTANCE);
        JsonArray params = new JsonArray();
        for (float value : fit.params()) {
            params.add(value);
        }
        json.add("params", params);
        json.addProperty("maxAbsError", fit.maxAbsError());
        json.addProperty("rmsError", fit.rmsError());
        return new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(json) + "\n";
    }
}
