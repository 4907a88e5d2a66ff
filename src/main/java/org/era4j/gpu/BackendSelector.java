package org.era4j.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.era4j.kernel.Backends;
import org.era4j.kernel.EraBackend;

/**
 * Every backend by the name the CLI's {@code --backend} takes: the CPU ones of
 * {@link Backends} ({@code reference}, {@code scalar}, {@code simd}) and {@code opencl} or
 * {@code opencl:SELECTOR} (a device as {@code P:D}, an index, or a name substring; see
 * {@link ClDeviceSelector}). An OpenCL backend holds native resources: close it when done
 * ({@link #close}).
 */
public final class BackendSelector {

    private BackendSelector() {
    }

    /** Names for help texts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(Backends.names());
        names.add("opencl[:DEVICE]");
        return names;
    }

    /**
     * @throws IllegalArgumentException       for an unknown name or a selector matching no device
     * @throws OpenClUnavailableException     when OpenCL is asked for but not installed
     */
    public static EraBackend open(String name) {
        String text = name == null ? "" : name.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("opencl")) {
            return OpenClEraBackend.open((String) null);
        }
        if (lower.startsWith("opencl:")) {
            return OpenClEraBackend.open(text.substring("opencl:".length()));
        }
        if (lower.equals("tornado")) {
            throw new IllegalArgumentException("the tornado backend runs only inside a TornadoVM JVM: build the tornado/ "
                    + "module (mvn -Ptornado -f tornado/pom.xml package) and launch with the TornadoVM SDK "
                    + "(java @$TORNADOVM_HOME/tornado-argfile ...); see docs/tornadovm.md");
        }
        try {
            return Backends.byName(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of " + String.join(", ", names()));
        }
    }

    /** Releases a backend's native resources, if it has any. */
    public static void close(EraBackend backend) {
        if (backend instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing backend " + backend.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
