package org.era4j.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * Finds TornadoVM devices the way {@code tornado --devices} numbers them: {@code "b:d"} is
 * device {@code d} of backend (driver) {@code b}. A selector is either such an index pair, a
 * single index {@code "d"} (backend 0), or a case-insensitive fragment of the device name or
 * description (first match in index order), e.g. {@code "pthread"} for PoCL's CPU device.
 */
public final class TornadoDevices {

    private TornadoDevices() {
    }

    /** One line per device: {@code b:d  name  (platform)}. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        List<TornadoBackend> backends = TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends();
        for (int b = 0; b < backends.size(); b++) {
            TornadoBackend backend = backends.get(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice device = backend.getDevice(d);
                lines.add(b + ":" + d + "  " + device.getDeviceName() + "  (" + device.getPlatformName() + ", "
                        + backend.getName() + ")");
            }
        }
        return lines;
    }

    /** TornadoVM's default device (what {@code tornado --devices} marks DEFAULT). */
    public static TornadoDevice defaultDevice() {
        return TornadoExecutionPlan.getDevice(0, 0);
    }

    /**
     * @throws IllegalArgumentException when nothing matches, listing the devices there are
     */
    public static TornadoDevice select(String selector) {
        if (selector == null || selector.isBlank()) {
            return defaultDevice();
        }
        String s = selector.trim();
        List<TornadoBackend> backends = TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends();
        if (s.matches("\\d+(:\\d+)?")) {
            String[] parts = s.split(":");
            int b = parts.length == 2 ? Integer.parseInt(parts[0]) : 0;
            int d = Integer.parseInt(parts[parts.length - 1]);
            if (b < backends.size() && d < backends.get(b).getNumDevices()) {
                return backends.get(b).getDevice(d);
            }
            throw new IllegalArgumentException("no TornadoVM device " + b + ":" + d + "; devices: " + describe());
        }
        String needle = s.toLowerCase(Locale.ROOT);
        for (TornadoBackend backend : backends) {
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice device = backend.getDevice(d);
                String text = (device.getDeviceName() + " " + device.getDescription()).toLowerCase(Locale.ROOT);
                if (text.contains(needle)) {
                    return device;
                }
            }
        }
        throw new IllegalArgumentException("no TornadoVM device matches '" + s + "'; devices: " + describe());
    }
}
