package org.era4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.era4j.gpu.ClDevice;
import org.era4j.kernel.EraBackends;
import org.era4j.gpu.ClDeviceSelector;
import org.era4j.gpu.ClPlatform;
import org.era4j.gpu.OpenCl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code era devices}: lists every OpenCL platform and device (selector {@code P:D}, name, type,
 * compute units, memory, OpenCL version) and marks the one {@code --device} (or the default rule)
 * selects. Without an OpenCL platform it fails with a message saying what to install.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the ERA backends the registry finds, then OpenCL platforms and devices; '*' marks the device --device selects.")
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "SELECTOR",
            description = "P:D, a device index across platforms, or a name substring "
                    + "(default: -Dera4j.opencl.device, else the first GPU, else the first device)")
    String device;

    /** A numeric selector must fit the indices OpenCL uses (checked before OpenCL is loaded). */
    static void checkSelector(String selector) {
        if (selector == null) {
            return;
        }
        String text = selector.trim();
        if (text.matches("\\d+(:\\d+)?")) {
            for (String part : text.split(":")) {
                if (part.length() > 9) {
                    throw new IllegalArgumentException("--device " + text + ": indices must be in [0, 999999999] "
                            + "(P:D, a device index, or a name substring)");
                }
            }
        }
    }

    @Override
    public Integer call() {
        checkSelector(device);
        PrintWriter out = spec.commandLine().getOut();
        out.println("ERA backends (--backend NAME[:SELECTOR]):");
        out.println(EraBackends.describe());
        out.flush();
        OpenCl cl = OpenCl.system();
        ClDevice selected = ClDeviceSelector.select(cl, device);
        out.println("OpenCL loader: " + cl.library());
        for (ClPlatform platform : ClPlatform.all(cl)) {
            out.println("platform " + platform.index() + ": " + platform);
            for (ClDevice d : platform.devices()) {
                String mark = d.selector().equals(selected.selector()) ? "* " : "  ";
                out.println(mark + d.describe());
                out.println("      vendor " + d.vendor() + ", " + d.openclCVersion() + ", max work-group "
                        + d.maxWorkGroupSize() + ", local memory " + (d.localMemory() >> 10) + " KiB"
                        + (d.correctlyRoundedDivide() ? ", correctly rounded fp32 divide" : "")
                        + (d.denormals() ? ", fp32 subnormals" : ", fp32 subnormals flushed")
                        + ", preferred float vector " + d.preferredFloatVector());
            }
        }
        out.flush();
        return 0;
    }
}
