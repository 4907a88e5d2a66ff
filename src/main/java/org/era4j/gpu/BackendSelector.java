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
        names.add("tornado (under the TornadoVM SDK)");
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
        if (!lower.equals("tornado") && !Backends.names().contains(lower) && !lower.equals("vector")) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of " + String.join(", ", names()));
        }
        return Backends.byName(text); // tornado: the TornadoVM backend, or a message saying how to launch it
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
