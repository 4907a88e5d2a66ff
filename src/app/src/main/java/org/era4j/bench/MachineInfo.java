package org.era4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.era4j.kernel.VectorSupport;

/**
 * What a benchmark ran on, so results from two machines can be compared: CPU model (from
 * {@code /proc/cpuinfo} where it exists), logical cores, JDK, OS and the Vector API species.
 */
public record MachineInfo(String cpu, int cores, String jdk, String os, String arch, String species, long maxHeapBytes) {

    /** Describes the running JVM and host. */
    public static MachineInfo current() {
        return new MachineInfo(
                cpuModel(Path.of("/proc/cpuinfo")),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                VectorSupport.describe(),
                Runtime.getRuntime().maxMemory());
    }

    /** The first "model name" line of a cpuinfo file, or "unknown" when there is none. */
    static String cpuModel(Path cpuinfo) {
        try {
            List<String> lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon >= 0) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            // Not Linux or not readable: the CPU stays "unknown" rather than failing the benchmark.
        }
        return "unknown";
    }
}
