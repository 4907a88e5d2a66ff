package org.era4j.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses an OpenCL device from a selector string, as given to {@code --device} or the system
 * property {@value #PROPERTY}:
 * <ul>
 *   <li>empty or absent: the first GPU of any platform, else the first device;</li>
 *   <li>{@code P:D}: device {@code D} of platform {@code P} (indices as {@code era devices} lists them);</li>
 *   <li>{@code N}: the {@code N}-th device counting across all platforms in listing order;</li>
 *   <li>anything else: the first device whose name, vendor, platform name or platform vendor contains the text
 *       (case-insensitive), e.g. {@code pocl}, {@code nvidia}.</li>
 * </ul>
 * A selector that matches nothing is an {@link IllegalArgumentException} listing the devices.
 */
public final class ClDeviceSelector {

    /** System property holding the default selector. */
    public static final String PROPERTY = "era4j.opencl.device";

    private ClDeviceSelector() {
    }

    /** Every device of every platform, in listing order. */
    public static List<ClDevice> allDevices(OpenCl cl) {
        List<ClDevice> devices = new ArrayList<>();
        for (ClPlatform platform : ClPlatform.all(cl)) {
            devices.addAll(platform.devices());
        }
        return devices;
    }

    /** The device named by {@code selector} (null: the system property, then the default rule). */
    public static ClDevice select(OpenCl cl, String selector) {
        String text = selector != null ? selector.trim() : System.getProperty(PROPERTY, "").trim();
        List<ClDevice> devices = allDevices(cl);
        if (devices.isEmpty()) {
            throw new OpenClUnavailableException("OpenCL is not available: no platform reports a device", null);
        }
        if (text.isEmpty()) {
            return devices.stream().filter(d -> d.type().contains("GPU")).findFirst().orElse(devices.getFirst());
        }
        if (text.matches("\\d+:\\d+")) {
            int colon = text.indexOf(':');
            int p = Integer.parseInt(text.substring(0, colon));
            int d = Integer.parseInt(text.substring(colon + 1));
            for (ClDevice device : devices) {
                if (device.platform().index() == p && device.index() == d) {
                    return device;
                }
            }
            throw notFound("no OpenCL device " + text, devices);
        }
        if (text.matches("\\d+")) {
            int n = Integer.parseInt(text);
            if (n >= devices.size()) {
                throw notFound("OpenCL device index " + n + " is out of range (" + devices.size()
                        + " device(s))", devices);
            }
            return devices.get(n);
        }
        return devices.stream().filter(d -> d.matches(text)).findFirst()
                .orElseThrow(() -> notFound("no OpenCL device matches '" + text + "'", devices));
    }

    private static IllegalArgumentException notFound(String what, List<ClDevice> devices) {
        StringBuilder message = new StringBuilder(what).append("; devices:");
        for (ClDevice device : devices) {
            message.append(System.lineSeparator()).append("  ").append(device.describe());
        }
        return new IllegalArgumentException(message.toString());
    }
}
