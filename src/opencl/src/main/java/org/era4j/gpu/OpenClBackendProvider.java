package org.era4j.gpu;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;

/**
 * The {@code opencl} backend: ERA kernels on any OpenCL device, chosen by the selector after the
 * colon ({@code opencl:1}, {@code opencl:0:1}, {@code opencl:pocl}; see {@link ClDeviceSelector}).
 * Available when native access is enabled for this module and an OpenCL platform reports a device.
 */
public final class OpenClBackendProvider implements EraBackendProvider {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return "OpenCL device through java.lang.foreign (GPU, or CPU with PoCL); DEVICE is P:D, an index or a name";
    }

    @Override
    public String selectorSyntax() {
        return ":DEVICE";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Availability availability() {
        Module module = OpenClBackendProvider.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            return Availability.no("native access is not enabled: start the JVM with --enable-native-access=" + target);
        }
        try {
            if (ClDeviceSelector.allDevices(OpenCl.system()).isEmpty()) {
                return Availability.no("no OpenCL platform reports a device");
            }
            return Availability.yes();
        } catch (OpenClUnavailableException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public EraBackend open(String selector) {
        return OpenClEraBackend.open(selector.isEmpty() ? null : selector);
    }
}
