package org.era4j.gpu;

import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackendUnavailableException;
import org.era4j.kernel.EraBackends;

/** Run by {@link OpenClBackendProviderTest} in a child JVM: what the registry says about opencl. */
final class NativeAccessProbe {

    private NativeAccessProbe() {
    }

    public static void main(String[] args) {
        EraBackendProvider provider = EraBackends.find("opencl").orElseThrow();
        EraBackendProvider.Availability availability = provider.availability();
        System.out.println("available " + availability.available());
        System.out.println("reason " + availability.reason());
        try {
            EraBackends.open("opencl").close();
            System.out.println("opened");
        } catch (EraBackendUnavailableException e) {
            System.out.println("refused " + e.getMessage());
        }
    }
}
