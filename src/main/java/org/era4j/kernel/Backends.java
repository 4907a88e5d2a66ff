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
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static EraBackend byName(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "reference" -> ReferenceEraBackend.INSTANCE;
            case "scalar" -> ScalarEraBackend.INSTANCE;
            case "simd", "vector" -> VectorEraBackend.INSTANCE;
            default -> throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of "
                    + String.join(", ", names()));
        };
    }
}
