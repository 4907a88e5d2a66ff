package org.era4j.kernel;

import java.util.List;

/**
 * Looks up ERA backends by the names the CLI uses ({@code --backend}).
 */
public final class Backends {

    private Backends() {
    }

    /** The fastest CPU backend: the Vector API kernels. */
    public static EraBackend defaultBackend() {
        return VectorEraBackend.INSTANCE;
    }

    /** Names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.of("reference", "scalar", "simd");
    }

    /**
     * Also accepts {@code tornado}, the TornadoVM backend of the separate {@code tornado/} project,
     * found by reflection; it is not in {@link #names()} because it works only under the TornadoVM
     * SDK (elsewhere the exception says how to launch; see docs/tornadovm.md).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static EraBackend byName(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "reference" -> ReferenceEraBackend.INSTANCE;
            case "scalar" -> ScalarEraBackend.INSTANCE;
            case "simd", "vector" -> VectorEraBackend.INSTANCE;
            case "tornado" -> TornadoHook.create();
            default -> throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of "
                    + String.join(", ", names()));
        };
    }
}
