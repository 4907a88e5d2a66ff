package org.era4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.era4j.bench.BenchPlots;
import org.era4j.bench.BenchReport;
import org.era4j.bench.BenchRow;
import org.era4j.bench.BenchSettings;
import org.era4j.bench.BenchSuite;
import org.era4j.bench.MachineInfo;
import org.era4j.kernel.DeviceTimedBackend;
import org.era4j.kernel.EraBackend;
import org.era4j.rational.EraSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code era bench}: a quick (about a minute) measurement of the ERA kernels against copy and
 * read-read-write baselines timed in the same run; prints a table and optionally writes JSON with
 * the machine description. The jmh/ module gives the careful numbers (docs/benchmarks.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Quick benchmark of ERA forward and fused backward against same-run baselines.",
                "Ratio = baseline time / kernel time (copy for forward, read-read-write for backward, same threads)."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Upper ends of the option ranges. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;
    static final long MAX_MILLIS = 60_000;

    @Option(names = "--sizes", split = ",", paramLabel = "N",
            description = "Elements per array, 1..2147483639 and within the heap (default: 4096,65536,1048576,16777216,1000003: L1, L2, L3, DRAM, odd).")
    List<Integer> sizes = List.of(4096, 65536, 1 << 20, 1 << 24, 1_000_003);

    @Option(names = "--n", split = ",", paramLabel = "N", description = "ERA fractions to measure (default: 1,2).")
    List<Integer> fractions = List.of(1, 2);

    @Option(names = "--backends", split = ",", paramLabel = "NAME", completionCandidates = BackendNames.class,
            description = "Backends among ${COMPLETION-CANDIDATES}, and simd-threads (the default backend on --threads workers). "
                    + "Default: every registered backend but reference, and simd-threads; device backends include host-device copies "
                    + "and are skipped, with the reason, where they cannot run.")
    List<String> backends = BenchSettings.defaultBackends();

    @Option(names = "--threads", description = "Threads of simd-threads and the threaded baselines, 1..1024 (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--warmup-ms", description = "Warm-up per case in ms, 0..60000 (default: ${DEFAULT-VALUE}).")
    long warmupMillis = 150;

    @Option(names = "--repetition-ms", description = "Target length of one timed repetition in ms, 0..60000 (default: ${DEFAULT-VALUE}).")
    long repetitionMillis = 40;

    @Option(names = "--repetitions", description = "Timed repetitions per case, 1..1000 (default: ${DEFAULT-VALUE}).")
    int repetitions = 5;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Also draw throughput against size for every backend next to its baseline, with and without "
                    + "host-device transfers (bench-forward.png, bench-backward.png in DIR; the first --n).")
    Path plot;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON (atomically).")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
        }
        if (warmupMillis < 0 || warmupMillis > MAX_MILLIS || repetitionMillis < 0 || repetitionMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("--warmup-ms must be in [0, " + MAX_MILLIS + "] and --repetition-ms in [0, "
                    + MAX_MILLIS + "], got " + warmupMillis + " and " + repetitionMillis);
        }
        if (repetitions < 1 || repetitions > 1000) {
            throw new IllegalArgumentException("--repetitions must be in [1, 1000], got " + repetitions);
        }
        for (int size : sizes) {
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalArgumentException("--sizes: each size must be in [1, " + MAX_SIZE + "], got " + size);
            }
        }
        // x, dy, y and dx of the largest size live at once
        HeapBudget.require("--sizes " + sizes.stream().mapToInt(Integer::intValue).max().orElse(1),
                16L * sizes.stream().mapToInt(Integer::intValue).max().orElse(1));
        if (json != null) {
            // refused now, not after the whole benchmark
            org.era4j.io.AtomicFiles.replaceableTarget(json);
            java.nio.file.Path parent = json.toAbsolutePath().getParent();
            if (parent != null && java.nio.file.Files.exists(parent) && !java.nio.file.Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--json " + json + ": " + parent + " is not a directory");
            }
        }
        BenchSettings settings = new BenchSettings(sizes, fractions, backends, threads, warmupMillis,
                repetitionMillis, repetitions);
        MachineInfo machine = MachineInfo.current();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("era bench: %s, %d cores, %s, %s%n", machine.cpu(), machine.cores(), machine.jdk(), machine.species());
        out.println(BenchReport.header());
        List<BenchRow> rows;
        Map<String, List<DeviceTimedBackend.Rates>> device;
        try (BenchSuite suite = new BenchSuite(settings)) {
            rows = suite.run(row -> {
                out.println(BenchReport.line(row));
                out.flush();
            });
            suite.notes().forEach(out::println);
            device = deviceRates(suite, out);
        }
        if (json != null) {
            BenchReport.writeAtomically(json, BenchReport.json(machine, settings, rows, device));
            out.println("wrote " + json);
        }
        if (plot != null) {
            for (Path file : BenchPlots.write(plot, fractions.get(0), rows, device)) {
                out.println("wrote " + file);
            }
        }
        return 0;
    }

    /**
     * Every backend that can time itself on its device, at every size and n: kernel, with
     * transfers and wall rates next to the device's own copy and stream baselines.
     */
    private Map<String, List<DeviceTimedBackend.Rates>> deviceRates(BenchSuite suite, PrintWriter out) {
        Map<String, List<DeviceTimedBackend.Rates>> device = new LinkedHashMap<>();
        suite.backends().forEach((name, backend) -> {
            if (backend instanceof DeviceTimedBackend timed) {
                List<DeviceTimedBackend.Rates> rates = new ArrayList<>();
                for (int n : fractions) {
                    for (int size : sizes.stream().sorted().toList()) {
                        DeviceTimedBackend.Rates r = timed.deviceRates(EraSpec.of(n), size, repetitions);
                        out.println(name + " device time: " + r);
                        out.flush();
                        rates.add(r);
                    }
                }
                device.put(name, rates);
            }
        });
        return device;
    }
}
