package org.era4j.tornado;

import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackends;

/**
 * Run by {@link TornadoBackendProviderTest} in a JVM whose class path lacks tornado-api: the
 * provider must load, answer, and refuse without a {@link LinkageError}.
 */
public final class NoTornadoProbe {

    private NoTornadoProbe() {
    }

    public static void main(String[] args) {
        EraBackendProvider provider = EraBackends.find("tornado").orElse(null);
        System.out.println("found tornado " + (provider instanceof TornadoBackendProvider));
        EraBackendProvider.Availability availability = provider.availability();
        System.out.println("available " + availability.available());
        System.out.println("reason " + availability.reason());
        try {
            EraBackends.open("tornado").close();
            System.out.println("opened");
        } catch (RuntimeException e) {
            System.out.println("refused " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        System.out.println("listed " + EraBackends.describe().contains("unavailable: the TornadoVM API"));
    }
}
