package org.era4j.rational;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The committed table of fitted ERA initialisations, {@code fits.tsv} beside this class (written
 * by {@code org.era4j.tools.FitCacheGenerator} in era4j-app). One tab-separated row per fit, {@code #} lines are comments:
 *
 * <pre>
 *   target  fractions  eps  lower  upper  maxParameter  maxAbsError  rmsError  p0,p1,...,p(4n+1)
 * </pre>
 *
 * Floats are written with {@link Float#toString}, which reads back to the same bits. A row is
 * found by its full key (target, fractions, eps bits, interval, bound), so a fit for another eps
 * or interval is never mistaken for a cached one.
 */
public final class FitCache {

    /** Targets in the bundled table (their {@link ActivationTarget#parse} names). */
    public static final java.util.List<String> TARGETS =
            java.util.List.of("swish", "gelu-tanh", "gelu", "relu", "leaky-relu", "tanh", "sigmoid");
    /** Largest n in the bundled table. */
    public static final int MAX_CACHED_FRACTIONS = 4;
    static final String RESOURCE = "fits.tsv";
    /** The header line of the table file. */
    public static final String HEADER = "target\tfractions\teps\tlower\tupper\tmaxParameter\tmaxAbsError\trmsError\tparams";

    private final Map<String, EraFit> fits;

    private FitCache(Map<String, EraFit> fits) {
        this.fits = Collections.unmodifiableMap(fits);
    }

    /** The table shipped in the jar (read once, on first use). */
    /** The table that ships in the core jar. */
    public static FitCache bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final FitCache INSTANCE = load();

        private static FitCache load() {
            try (InputStream in = FitCache.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource org/era4j/rational/" + RESOURCE + " is missing");
                }
                return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read org/era4j/rational/" + RESOURCE, e);
            }
        }
    }

    /** Parses a table; a malformed row throws with its line number. */
    static FitCache read(BufferedReader reader) throws IOException {
        Map<String, EraFit> fits = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
                continue;
            }
            EraFit fit;
            try {
                fit = parseRow(line);
            } catch (RuntimeException e) {
                throw new IOException(RESOURCE + " line " + number + ": " + e.getMessage(), e);
            }
            fits.put(key(fit.problem()), fit);
        }
        return new FitCache(fits);
    }

    private static EraFit parseRow(String line) {
        String[] cols = line.split("\t");
        if (cols.length != 9) {
            throw new IllegalArgumentException("expected 9 tab-separated columns, got " + cols.length);
        }
        EraSpec spec = new EraSpec(Integer.parseInt(cols[1]), Float.parseFloat(cols[2]));
        FitProblem problem = new FitProblem(ActivationTarget.parse(cols[0]), spec,
                Double.parseDouble(cols[3]), Double.parseDouble(cols[4]), Double.parseDouble(cols[5]));
        String[] values = cols[8].split(",");
        if (values.length != spec.parameterCount()) {
            throw new IllegalArgumentException("expected " + spec.parameterCount() + " parameters, got "
                    + values.length);
        }
        float[] params = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            params[k] = Float.parseFloat(values[k]);
        }
        return new EraFit(problem, params,
                new FitErrors(Double.parseDouble(cols[6]), Double.parseDouble(cols[7])));
    }

    /** One table row for {@code fit} (no line terminator). */
    /** The table row of {@code fit} (tab-separated, as {@link #HEADER}). */
    public static String row(EraFit fit) {
        FitProblem p = fit.problem();
        StringBuilder sb = new StringBuilder();
        sb.append(p.target().name()).append('\t').append(p.spec().fractions()).append('\t')
                .append(p.spec().eps()).append('\t').append(p.lower()).append('\t').append(p.upper())
                .append('\t').append(p.maxParameter()).append('\t').append(fit.maxAbsError())
                .append('\t').append(fit.rmsError()).append('\t');
        float[] params = fit.params();
        for (int k = 0; k < params.length; k++) {
            sb.append(k == 0 ? "" : ",").append(params[k]);
        }
        return sb.toString();
    }

    /** The cached fit for exactly this problem, if any. */
    /** The fit of exactly {@code problem}, if the table has it. */
    public Optional<EraFit> find(FitProblem problem) {
        return Optional.ofNullable(fits.get(key(problem)));
    }

    /** Every cached fit, in file order. */
    /** Every fit in the table, in file order. */
    public Iterable<EraFit> all() {
        return fits.values();
    }

    private static String key(FitProblem p) {
        return p.target().name() + "|" + p.spec().fractions() + "|" + Float.floatToIntBits(p.spec().eps())
                + "|" + p.lower() + "|" + p.upper() + "|" + p.maxParameter();
    }
}
