package org.era4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.era4j.kernel.DeviceTimedBackend;
import org.era4j.plot.ThroughputPlot;
import org.era4j.plot.ThroughputSeries;

/**
 * {@code era bench --plot DIR}: throughput against size for every backend measured, each next to
 * its own baseline (dashed): the CPU backends next to the CPU copy (forward) or read-read-write
 * stream (backward) with the same threads, a device backend's kernel time next to the device's
 * own copy or stream, and its {@code float[]} calls (with host-device transfers) beside them.
 * Writes {@code bench-forward.png} and {@code bench-backward.png} for the first n measured.
 */
public final class BenchPlots {

    private BenchPlots() {
    }

    /** Writes both plots into {@code directory} and returns the files. */
    public static List<Path> write(Path directory, int fractions, List<BenchRow> rows,
                                   Map<String, List<DeviceTimedBackend.Rates>> device) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (String kernel : List.of("forward", "backward")) {
            List<ThroughputSeries> series = series(kernel, fractions, rows, device);
            if (series.isEmpty()) {
                continue;
            }
            Path file = directory.resolve("bench-" + kernel + ".png");
            ThroughputPlot.write(file, "ERA " + kernel + " n=" + fractions + " vs size (dashed: each backend's baseline)",
                    series, true);
            files.add(file);
        }
        return files;
    }

    static List<ThroughputSeries> series(String kernel, int fractions, List<BenchRow> rows,
                                         Map<String, List<DeviceTimedBackend.Rates>> device) {
        boolean forward = kernel.equals("forward");
        List<ThroughputSeries> out = new ArrayList<>();
        Map<String, TreeMap<Integer, Double>> eras = new LinkedHashMap<>();
        Map<String, String> baselineOf = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Double>> baselines = new LinkedHashMap<>();
        for (BenchRow row : rows) {
            if (!row.kernel().equals(kernel)) {
                continue;
            }
            String baselineName = row.isBaseline() ? row.backend() + ", " + threads(row.threads()) + " (CPU)"
                    : row.baseline() + ", " + threads(row.threads()) + " (CPU)";
            if (row.isBaseline()) {
                baselines.computeIfAbsent(baselineName, k -> new TreeMap<>()).put(row.size(), row.gigaElementsPerSecond());
            } else if (row.fractions() == fractions) {
                String name = device.containsKey(row.backend()) ? row.backend() + " float[] calls (with transfers)" : row.backend();
                eras.computeIfAbsent(name, k -> new TreeMap<>()).put(row.size(), row.gigaElementsPerSecond());
                if (!device.containsKey(row.backend())) {
                    baselineOf.putIfAbsent(name, baselineName);
                }
            }
        }
        List<String> drawnBaselines = new ArrayList<>();
        eras.forEach((name, points) -> {
            out.add(toSeries(name, points, false));
            String baseline = baselineOf.get(name);
            if (baseline != null && !drawnBaselines.contains(baseline) && baselines.containsKey(baseline)) {
                out.add(toSeries(baseline, baselines.get(baseline), true));
                drawnBaselines.add(baseline);
            }
        });
        device.forEach((name, rates) -> {
            List<DeviceTimedBackend.Rates> forN = rates.stream().filter(r -> r.fractions() == fractions).toList();
            if (forN.isEmpty()) {
                return;
            }
            ToDoubleFunction<DeviceTimedBackend.Rates> kernelRate = forward
                    ? DeviceTimedBackend.Rates::forwardKernel : DeviceTimedBackend.Rates::backwardKernel;
            ToDoubleFunction<DeviceTimedBackend.Rates> baselineRate = forward
                    ? DeviceTimedBackend.Rates::copy : DeviceTimedBackend.Rates::readReadWrite;
            out.add(toSeries(name + " kernel (device time)", points(forN, kernelRate), false));
            out.add(toSeries(name + " device " + (forward ? "copy" : "read-read-write"), points(forN, baselineRate), true));
        });
        return out;
    }

    private static TreeMap<Integer, Double> points(List<DeviceTimedBackend.Rates> rates,
                                                   ToDoubleFunction<DeviceTimedBackend.Rates> rate) {
        TreeMap<Integer, Double> points = new TreeMap<>();
        for (DeviceTimedBackend.Rates r : rates) {
            points.put((int) r.length(), rate.applyAsDouble(r) / 1e9);
        }
        return points;
    }

    private static ThroughputSeries toSeries(String name, TreeMap<Integer, Double> points, boolean baseline) {
        double[] sizes = points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] rates = points.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ThroughputSeries(name, sizes, rates, baseline);
    }

    private static String threads(int threads) {
        return threads + (threads == 1 ? " thread" : " threads");
    }
}
