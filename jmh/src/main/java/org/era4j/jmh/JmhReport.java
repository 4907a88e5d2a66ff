package org.era4j.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import com.google.gson.Gson;
import org.era4j.kernel.VectorSupport;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the tables and plots of docs/benchmarks.md:
 * Gelem/s, GB/s and the ratio to the same-run baseline per size (from the best, that is least
 * disturbed, measurement iteration of each benchmark, since the machine is shared; the median
 * iteration is shown too), thread scaling, the compute
 * bound of each kernel form from {@link PeakBenchmark}'s issue rates, the targets with their
 * measured ratios, a throughput-vs-size PNG per kernel and the plotted numbers as CSV.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.era4j.jmh.JmhReport \
 *       results.json docs/benchmarks
 * </pre>
 */
public final class JmhReport {

    /** Bytes moved per element: forward reads x and writes y, backward reads x and dy and writes dx. */
    private static final Map<String, Integer> BYTES = Map.of("ForwardBenchmark", 8, "BackwardBenchmark", 12);

    private record Result(String clazz, String method, int size, double nanos, double median) {
    }

    /**
     * Vector instructions per vector of lanes for one kernel form, read off the kernels' source:
     * divisions, FMA-pipe operations (fma, mul) and add-pipe operations (add, sub, abs, compare).
     */
    private record Form(String clazz, String method, String label, int divisions, int fmaOps, int addOps) {
    }

    private static final List<Form> FORMS = List.of(
            new Form("ForwardBenchmark", "n1Vector", "forward n=1 (kernel)", 1, 3, 2),
            new Form("ForwardBenchmark", "n2Vector", "forward n=2, one division per fraction (kernel)", 2, 5, 4),
            new Form("ForwardBenchmark", "n2ObviousTwoDivisions", "forward n=2 obvious, 2 divisions", 2, 5, 4),
            new Form("BackwardBenchmark", "n1Vector", "backward n=1 (kernel)", 1, 13, 3),
            new Form("BackwardBenchmark", "n2Vector", "backward n=2, one division per fraction (kernel)", 2, 24, 5),
            new Form("BackwardBenchmark", "n2ObviousTwoDivisions", "backward n=2 obvious, 2 divisions", 2, 24, 5));

    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JmhReport RESULTS.json OUTPUT_DIRECTORY");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<Result> results = read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder();
        md.append("Vector species: ").append(VectorSupport.describe()).append("\n\n");
        for (String clazz : List.of("ForwardBenchmark", "BackwardBenchmark")) {
            table(md, results, clazz);
            plot(results, clazz, out);
        }
        scaling(md, results);
        threshold(md, results);
        bounds(md, results);
        targets(md, results);
        Files.writeString(out.resolve("jmh-tables.md"), md.toString(), StandardCharsets.UTF_8);
        plotData(results, out.resolve("throughput.csv"));
        System.out.print(md);
    }

    @SuppressWarnings("unchecked")
    private static List<Result> read(Path json) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Object element : (List<Object>) new Gson().fromJson(Files.readString(json, StandardCharsets.UTF_8), Object.class)) {
            Map<String, Object> run = (Map<String, Object>) element;
            String name = (String) run.get("benchmark");
            int dot = name.lastIndexOf('.');
            String method = name.substring(dot + 1);
            String clazz = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, Object> params = (Map<String, Object>) run.get("params");
            int size = params == null || !params.containsKey("size") ? 0 : Integer.parseInt((String) params.get("size"));
            List<Double> samples = new ArrayList<>();
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            for (Object fork : (List<Object>) metric.get("rawData")) {
                for (Object value : (List<Object>) fork) {
                    samples.add((Double) value);
                }
            }
            samples.sort(null);
            int m = samples.size();
            double median = m % 2 == 1 ? samples.get(m / 2) : (samples.get(m / 2 - 1) + samples.get(m / 2)) / 2;
            results.add(new Result(clazz, method, size, samples.get(0), median));
        }
        return results;
    }

    private static Result find(List<Result> results, String clazz, String method, int size) {
        for (Result r : results) {
            if (r.clazz.equals(clazz) && r.method.equals(method) && r.size == size) {
                return r;
            }
        }
        return null;
    }

    private static String baselineOf(String clazz, String method) {
        boolean threads = method.endsWith("AllThreads");
        if (clazz.equals("ForwardBenchmark")) {
            return threads ? "baselineCopyVectorAllThreads" : "baselineCopyVector";
        }
        return threads ? "baselineReadReadWriteAllThreads" : "baselineReadReadWrite";
    }

    private static TreeSet<Integer> sizes(List<Result> results, String clazz) {
        TreeSet<Integer> sizes = new TreeSet<>();
        results.stream().filter(r -> r.clazz.equals(clazz)).forEach(r -> sizes.add(r.size));
        return sizes;
    }

    private static List<String> methods(List<Result> results, String clazz) {
        List<String> methods = new ArrayList<>();
        for (Result r : results) {
            if (r.clazz.equals(clazz) && !methods.contains(r.method)) {
                methods.add(r.method);
            }
        }
        return methods;
    }

    private static void table(StringBuilder md, List<Result> results, String clazz) {
        int bytes = BYTES.get(clazz);
        md.append("### ").append(clazz).append(" (").append(bytes).append(" bytes per element)\n\n");
        md.append("Ratio = baseline time / variant time, baseline = ")
                .append(clazz.equals("ForwardBenchmark") ? "vector copy" : "read-read-write stream")
                .append(" on the same number of threads (1 means as fast as the stream).\n\n");
        md.append("| size | method | best ns/op | median ns/op | Gelem/s (best) | GB/s (best) | ratio to baseline (best) |\n|---:|---|---:|---:|---:|---:|---:|\n");
        for (int size : sizes(results, clazz)) {
            for (String method : methods(results, clazz)) {
                Result r = find(results, clazz, method, size);
                if (r == null) {
                    continue;
                }
                Result base = find(results, clazz, baselineOf(clazz, method), size);
                md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.3f | %.1f | %s |%n", size, method,
                        r.nanos, r.median, size / r.nanos, size * bytes / r.nanos,
                        base == null ? "-" : String.format(Locale.ROOT, "%.3f", base.nanos / r.nanos)));
            }
        }
        md.append('\n');
    }

    private static void scaling(StringBuilder md, List<Result> results) {
        md.append("### Scaling from 1 thread to all threads (Vector API, time 1 thread / time all threads)\n\n");
        md.append("| kernel | n | size | 1 thread Gelem/s | all threads Gelem/s | speed-up |\n|---|---:|---:|---:|---:|---:|\n");
        for (String clazz : List.of("ForwardBenchmark", "BackwardBenchmark")) {
            for (int n = 1; n <= 2; n++) {
                for (int size : sizes(results, clazz)) {
                    Result one = find(results, clazz, "n" + n + "Vector", size);
                    Result all = find(results, clazz, "n" + n + "VectorAllThreads", size);
                    if (one == null || all == null) {
                        continue;
                    }
                    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.2f |%n",
                            clazz.replace("Benchmark", "").toLowerCase(Locale.ROOT), n, size,
                            size / one.nanos, size / all.nanos, one.nanos / all.nanos));
                }
            }
        }
        md.append('\n');
    }

    private static void threshold(StringBuilder md, List<Result> results) {
        TreeSet<Integer> sizes = sizes(results, "ThreadThresholdBenchmark");
        if (sizes.isEmpty()) {
            return;
        }
        md.append("### Thread threshold: EraExecutor, n = 2, 1 thread vs all threads (best iteration; median in brackets)\n\n");
        md.append("| kernel | size | 1 thread ns | all threads ns | speed-up best (median) |\n|---|---:|---:|---:|---:|\n");
        for (String kernel : List.of("forward", "backward")) {
            for (int size : sizes) {
                Result one = find(results, "ThreadThresholdBenchmark", kernel + "OneThread", size);
                Result all = find(results, "ThreadThresholdBenchmark", kernel + "AllThreads", size);
                if (one != null && all != null) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %.0f (%.0f) | %.0f (%.0f) | %.2f (%.2f) |%n", kernel, size,
                            one.nanos, one.median, all.nanos, all.median, one.nanos / all.nanos, one.median / all.median));
                }
            }
        }
        md.append('\n');
    }

    private static void bounds(StringBuilder md, List<Result> results) {
        Result div = find(results, "PeakBenchmark", "vectorDivision", 0);
        Result fma = find(results, "PeakBenchmark", "vectorFma", 0);
        Result add = find(results, "PeakBenchmark", "vectorAdd", 0);
        Result mix = find(results, "PeakBenchmark", "vectorFmaAddMix", 0);
        if (div == null || fma == null || add == null || mix == null) {
            md.append("(PeakBenchmark not in this run: no compute bounds)\n\n");
            return;
        }
        int lanes = VectorSupport.Species.FLOAT.length();
        md.append(String.format(Locale.ROOT, "### Compute bound of one core per form (%d lanes)%n%n", lanes));
        md.append(String.format(Locale.ROOT,
                "Issue rates measured by PeakBenchmark in this run (best iteration): vector division %.3f ns, FMA %.3f ns, "
                        + "add %.3f ns, FMA/add interleaved %.3f ns per instruction (throughput, independent chains).%n"
                        + "Bound per vector = max(D x div, F x fma, A x add, (F + A) x mix).%n%n",
                div.nanos, fma.nanos, add.nanos, mix.nanos));
        md.append("| form | D | F | A | bound ns/elem | bound Gelem/s | measured 4 Ki (L1) ns/elem | measured/bound | measured 64 Ki (L2) ns/elem | measured/bound |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Form form : FORMS) {
            double bound = boundPerElement(form, div, fma, add, mix);
            Result l1 = find(results, form.clazz, form.method, 4096);
            Result l2 = find(results, form.clazz, form.method, 65536);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.4f | %.2f | %s | %s | %s | %s |%n",
                    form.label, form.divisions, form.fmaOps, form.addOps, bound, 1 / bound,
                    l1 == null ? "-" : String.format(Locale.ROOT, "%.4f", l1.nanos / 4096),
                    l1 == null ? "-" : String.format(Locale.ROOT, "%.2f", l1.nanos / 4096 / bound),
                    l2 == null ? "-" : String.format(Locale.ROOT, "%.4f", l2.nanos / 65536),
                    l2 == null ? "-" : String.format(Locale.ROOT, "%.2f", l2.nanos / 65536 / bound)));
        }
        md.append('\n');
    }

    /** Nanoseconds per element: max(D x div, F x fma, A x add, (F + A) x mix) per vector, over the lanes. */
    private static double boundPerElement(Form form, Result div, Result fma, Result add, Result mix) {
        double perVector = Math.max(Math.max(form.divisions * div.nanos, (form.fmaOps + form.addOps) * mix.nanos),
                Math.max(form.fmaOps * fma.nanos, form.addOps * add.nanos));
        return perVector / VectorSupport.Species.FLOAT.length();
    }

    private static void targets(StringBuilder md, List<Result> results) {
        md.append("### Targets (ratio = baseline time / kernel time unless stated)\n\n| target | measured | met |\n|---|---:|---|\n");
        int dram = 16777216;
        for (String suffix : List.of("", "AllThreads")) {
            String who = suffix.isEmpty() ? "1 thread" : "all threads";
            target(md, results, "forward n=2, 16 Mi, " + who + ", vs copy >= 0.9", "ForwardBenchmark",
                    "n2Vector" + suffix, dram, 0.9);
            for (int n = 1; n <= 2; n++) {
                target(md, results, "fused backward n=" + n + ", 16 Mi, " + who + ", vs read-read-write >= 0.8",
                        "BackwardBenchmark", "n" + n + "Vector" + suffix, dram, 0.8);
            }
        }
        Result div = find(results, "PeakBenchmark", "vectorDivision", 0);
        Result fma = find(results, "PeakBenchmark", "vectorFma", 0);
        Result add = find(results, "PeakBenchmark", "vectorAdd", 0);
        Result mix = find(results, "PeakBenchmark", "vectorFmaAddMix", 0);
        for (int size : List.of(4096, 65536)) {
            for (Form form : FORMS) {
                boolean kernel = !form.method.contains("Obvious");
                Result r = find(results, form.clazz, form.method, size);
                if (!kernel || r == null || div == null || fma == null || add == null || mix == null) {
                    continue;
                }
                double bound = boundPerElement(form, div, fma, add, mix);
                double ratio = r.nanos / size / bound;
                md.append(String.format(Locale.ROOT, "| %s, %d, 1 thread: time / compute bound <= 1.25 | %.2f | %s |%n",
                        form.label, size, ratio, ratio <= 1.25 ? "yes" : "**no**"));
            }
            Result kernel = find(results, "ForwardBenchmark", "n2Vector", size);
            Result obvious = find(results, "ForwardBenchmark", "n2ObviousTwoDivisions", size);
            if (kernel != null && obvious != null) {
                md.append(String.format(Locale.ROOT, "| forward n=2, %d: obvious two-division time / kernel time (> 1: kernel faster) | %.3f | (report) |%n",
                        size, obvious.nanos / kernel.nanos));
            }
        }
        for (String clazz : List.of("ForwardBenchmark", "BackwardBenchmark")) {
            for (int n = 1; n <= 2; n++) {
                Result one = find(results, clazz, "n" + n + "Vector", 4096);
                Result all = find(results, clazz, "n" + n + "VectorAllThreads", 4096);
                if (one != null && all != null) {
                    double ratio = one.nanos / all.nanos;
                    md.append(String.format(Locale.ROOT, "| %s n=%d, 4 Ki: all threads not slower than 1 thread (speed-up >= 0.9 within noise) | %.2f | %s |%n",
                            clazz.replace("Benchmark", "").toLowerCase(Locale.ROOT), n, ratio, ratio >= 0.9 ? "yes" : "**no**"));
                }
            }
        }
        md.append('\n');
    }

    private static void target(StringBuilder md, List<Result> results, String label, String clazz, String method,
                               int size, double goal) {
        Result r = find(results, clazz, method, size);
        Result base = find(results, clazz, baselineOf(clazz, method), size);
        if (r == null || base == null) {
            md.append("| ").append(label).append(" | not measured | - |\n");
            return;
        }
        double ratio = base.nanos / r.nanos;
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n", label, ratio, ratio >= goal ? "yes" : "**no**"));
    }

    private static void plot(List<Result> results, String clazz, Path out) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(650)
                .title(clazz.replace("Benchmark", "") + ": throughput vs size (float32, " + VectorSupport.describe() + ")")
                .xAxisTitle("elements (4 Ki L1, 64 Ki L2, 1 Mi L3, 16 Mi DRAM)").yAxisTitle("Gelem/s (best iteration)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (String method : methods(results, clazz)) {
            Map<Integer, Double> points = new TreeMap<>();
            for (Result r : results) {
                // The odd size (not a power of two) sits next to 1 Mi; it is in the tables, not the lines.
                if (r.clazz.equals(clazz) && r.method.equals(method) && Integer.bitCount(r.size) == 1) {
                    points.put(r.size, r.size / r.nanos);
                }
            }
            double[] xs = points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] ys = points.values().stream().mapToDouble(Double::doubleValue).toArray();
            chart.addSeries(method, xs, ys);
        }
        BitmapEncoder.saveBitmap(chart, out.resolve("throughput-" + clazz.replace("Benchmark", "").toLowerCase(Locale.ROOT)).toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static void plotData(List<Result> results, Path csv) throws IOException {
        StringBuilder s = new StringBuilder("benchmark,method,size,best_ns_per_op,median_ns_per_op,best_gelem_per_s\n");
        for (Result r : results) {
            if (r.size > 0) {
                s.append(String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.4f%n", r.clazz, r.method, r.size, r.nanos, r.median, r.size / r.nanos));
            }
        }
        Files.writeString(csv, s.toString(), StandardCharsets.UTF_8);
    }
}
