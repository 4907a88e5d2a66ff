package org.era4j.kernel;

import java.lang.reflect.InvocationTargetException;

/**
 * Finds the TornadoVM backend ({@code org.era4j.tornado.TornadoEraBackend}, built from
 * {@code tornado/} with {@code -Ptornado}) by reflection, so the core has no TornadoVM
 * dependency. Without the class or without a TornadoVM runtime the lookup fails with an
 * {@link IllegalArgumentException} that says how to launch under the SDK, never a stack trace.
 */
final class TornadoHook {

    static final String CLASS_NAME = "org.era4j.tornado.TornadoEraBackend";
    static final String HOW_TO_LAUNCH = "the tornado backend runs only under a TornadoVM 5.2 SDK: build it with "
            + "'mvn -Ptornado -f tornado/pom.xml package', then launch with "
            + "'java @$TORNADOVM_HOME/tornado-argfile -cp <era4j.jar>:tornado/target/era4j-tornado-0.1.0-SNAPSHOT.jar ...' "
            + "(or the SDK's 'tornado' launcher); see docs/tornadovm.md";

    private TornadoHook() {
    }

    static EraBackend create() {
        Class<?> type;
        try {
            type = Class.forName(CLASS_NAME);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(HOW_TO_LAUNCH + " (" + CLASS_NAME + " is not on the class path)");
        }
        try {
            return (EraBackend) type.getMethod("create").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new IllegalArgumentException(HOW_TO_LAUNCH + " (TornadoVM runtime not available: "
                    + e.getCause() + ")");
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalArgumentException(HOW_TO_LAUNCH + " (TornadoVM runtime not available: " + e + ")");
        }
    }
}
