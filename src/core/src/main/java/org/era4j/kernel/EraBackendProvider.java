package org.era4j.kernel;

import java.util.List;

/**
 * A kind of {@link EraBackend}, found by {@link EraBackends} through {@link java.util.ServiceLoader}.
 * A new backend is one implementation of this interface plus one service entry (a line in
 * {@code META-INF/services/org.era4j.kernel.EraBackendProvider}, and {@code provides} in the
 * module descriptor); the command line, {@code era bench}, {@code era verify} and every help text
 * find it by themselves. Implementations need a public no-argument constructor, must be cheap to
 * construct, and must not touch a device before {@link #availability()} or {@link #open}.
 */
public interface EraBackendProvider {

    /** The name {@code --backend} takes: lower case, no colon ({@code simd}, {@code opencl}). */
    String name();

    /** Other names accepted for this backend (lower case); none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for help texts: what the backend runs on. */
    String description();

    /**
     * How a selector after the name reads, for help texts ({@code ":DEVICE"} lets users write
     * {@code opencl:1}); empty when the backend takes none.
     */
    default String selectorSyntax() {
        return "";
    }

    /**
     * Where in listings the backend appears (smaller first); ties are broken by name.
     */
    default int order() {
        return 100;
    }

    /**
     * Whether {@link #open} can succeed here, and if not, why (a missing flag, driver or SDK).
     * It may probe (load a library, list platforms) but must not keep anything open.
     */
    Availability availability();

    /**
     * Opens the backend; the caller closes it ({@link EraBackend#close()}).
     *
     * @param selector the text after {@code name:}, or the empty string when none was given
     * @throws IllegalArgumentException          for a selector this backend does not understand
     *                                           or that matches nothing
     * @throws EraBackendUnavailableException    when the backend cannot run here
     */
    EraBackend open(String selector);

    /**
     * Whether a backend can run here.
     *
     * @param available true when {@link #open} can be called
     * @param reason    why not (empty when available)
     */
    record Availability(boolean available, String reason) {

        public Availability {
            if (reason == null) {
                throw new IllegalArgumentException("reason is null");
            }
        }

        /** Available. */
        public static Availability yes() {
            return new Availability(true, "");
        }

        /** Not available, for {@code reason}. */
        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
