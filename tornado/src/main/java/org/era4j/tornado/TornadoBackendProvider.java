package org.era4j.tornado;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackendUnavailableException;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * The {@code tornado} backend of {@link org.era4j.kernel.EraBackends}: {@link TornadoEraBackend} on
 * a TornadoVM device, chosen by the selector after the colon ({@code tornado:0:1} is device 1 of
 * TornadoVM backend 0, {@code tornado:pthread} the first device whose name contains "pthread"; see
 * {@link TornadoDevices#select}). Without a selector the device is the one named by
 * {@value TornadoEraBackend#DEVICE_PROPERTY}, or TornadoVM's default device.
 *
 * <p>Available only in a JVM launched under the TornadoVM SDK ({@code java @$TORNADOVM_HOME/tornado-argfile}
 * or the SDK's {@code tornado} launcher). This class is loaded by {@link java.util.ServiceLoader} in
 * every JVM that has the era4j-tornado jar, with or without TornadoVM, so nothing in it touches a
 * TornadoVM type until {@link #availability()} has found the API and runtime classes; every
 * failure becomes an {@link Availability} with the reason, never an exception.
 */
public final class TornadoBackendProvider implements EraBackendProvider {

    /** A class of tornado-api (the SDK's {@code tornado.api} module). */
    static final String API_CLASS = "uk.ac.manchester.tornado.api.TornadoExecutionPlan";
    /** The system property the SDK's argfile sets to the runtime implementation class. */
    static final String RUNTIME_PROPERTY = "tornado.load.runtime.implementation";
    /** How to get a JVM in which this backend runs; part of every "unavailable" message. */
    static final String HOW_TO_LAUNCH = "the tornado backend runs only under a TornadoVM 5.2 SDK on JDK 25: build it with "
            + "'mvn -Ptornado -pl tornado -am package', then launch with "
            + "'java @$TORNADOVM_HOME/tornado-argfile -cp src/app/target/era4j-app-0.1.0-SNAPSHOT-cli.jar:"
            + "tornado/target/era4j-tornado-0.1.0-SNAPSHOT.jar ...' (or the SDK's 'tornado' launcher); "
            + "see docs/tornadovm.md";

    /** The runtime's answer, once it has been asked: TornadoVM's runtime is one per JVM. */
    private static volatile Availability probed;

    /** For {@link java.util.ServiceLoader}. */
    public TornadoBackendProvider() {
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String description() {
        return "TornadoVM task graphs (needs the TornadoVM 5.2 SDK); DEVICE is b:d as 'tornado --devices' numbers"
                + " them, or a name fragment";
    }

    @Override
    public String selectorSyntax() {
        return ":DEVICE";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public Availability availability() {
        String missing = missingRuntime();
        if (missing != null) {
            return Availability.no(missing + "; " + HOW_TO_LAUNCH);
        }
        Availability known = probed;
        if (known == null) {
            known = Sdk.probe();
            probed = known;
        }
        return known;
    }

    @Override
    public EraBackend open(String selector) {
        Availability availability = availability();
        if (!availability.available()) {
            throw new EraBackendUnavailableException("backend 'tornado' is not available here: " + availability.reason());
        }
        try {
            return Sdk.open(selector == null ? "" : selector.trim());
        } catch (IllegalArgumentException e) {
            throw e; // a selector that matches no device: the message lists the devices
        } catch (RuntimeException | LinkageError e) {
            throw new EraBackendUnavailableException(HOW_TO_LAUNCH + " (TornadoVM runtime not available: " + e + ")", e);
        }
    }

    /**
     * Why the TornadoVM classes cannot be there, without loading any of them into use; null when the
     * API, the argfile's property and the runtime class it names are all present.
     */
    static String missingRuntime() {
        ClassLoader loader = TornadoBackendProvider.class.getClassLoader();
        try {
            Class.forName(API_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "the TornadoVM API (" + API_CLASS + ") is not on the class or module path";
        }
        String runtime = System.getProperty(RUNTIME_PROPERTY);
        if (runtime == null || runtime.isBlank()) {
            return "the JVM was not started with the TornadoVM SDK's argfile (system property " + RUNTIME_PROPERTY
                    + " is not set)";
        }
        try {
            Class.forName(runtime.trim(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "the TornadoVM runtime class " + runtime.trim() + " (named by " + RUNTIME_PROPERTY
                    + ") is not on the module path";
        }
        return null;
    }

    /** Everything that touches TornadoVM types, loaded only once the classes are known to be there. */
    private static final class Sdk {

        static Availability probe() {
            try {
                int backends = TornadoExecutionPlan.getTornadoDeviceMap().getNumBackends();
                if (backends == 0 || TornadoDevices.describe().isEmpty()) {
                    return Availability.no("the TornadoVM runtime reports no device (check 'tornado --devices' and the"
                            + " OpenCL/PTX/SPIR-V driver it was built for)");
                }
                return Availability.yes();
            } catch (RuntimeException | LinkageError e) {
                return Availability.no("the TornadoVM runtime did not start (" + e + "); " + HOW_TO_LAUNCH);
            } catch (Error e) {
                if (e.getClass().getName().startsWith("uk.ac.manchester.tornado.")) {
                    // TornadoInternalError and the like: the runtime is broken, not the JVM.
                    return Availability.no("the TornadoVM runtime did not start (" + e + "); " + HOW_TO_LAUNCH);
                }
                throw e;
            }
        }

        static EraBackend open(String selector) {
            return selector.isEmpty() ? TornadoEraBackend.create() : TornadoEraBackend.on(selector);
        }
    }
}
