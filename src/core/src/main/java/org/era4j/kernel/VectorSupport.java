package org.era4j.kernel;

import java.util.Locale;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decides, once per JVM, whether era4j's vector kernels run and at which width; every vector
 * kernel of era4j (ERA, Horner, GEMM, ReLU) reads its species from here.
 *
 * <p><b>The property.</b> {@code -Dera4j.simd.bits=64|128|256|512|max} fixes the width (default:
 * {@code FloatVector.SPECIES_PREFERRED}); {@code -Dera4j.simd.bits=off} turns the vector kernels off
 * (the scalar twins run). A bad value fails with a message naming the property.
 *
 * <p><b>Without the flag.</b> {@code jdk.incubator.vector} is an incubator module: the JVM resolves
 * it only with {@code --add-modules jdk.incubator.vector}. Without it {@link #enabled()} is false,
 * {@code EraBackends.defaultBackend()} is the scalar twin, and one warning naming the flag is
 * logged through {@link System.Logger} (logger {@code org.era4j}). The scalar twins give bitwise
 * the same forward values and input gradients, only slower. Classes that touch the Vector API are
 * loaded only when {@link #enabled()}; this class itself links without the module.
 */
public final class VectorSupport {

    /** The system property that chooses the width, or {@code off}. */
    public static final String PROPERTY = "era4j.simd.bits";
    /** The module the vector kernels need. */
    public static final String MODULE = "jdk.incubator.vector";
    /** The JVM flag that makes {@link #MODULE} readable. */
    public static final String FLAG = "--add-modules " + MODULE;

    private static final String REQUESTED = normalise(System.getProperty(PROPERTY));
    private static final boolean MODULE_READABLE = moduleReadable();
    private static final boolean ENABLED = MODULE_READABLE && !"off".equals(REQUESTED);
    private static volatile boolean warned;

    private VectorSupport() {
    }

    /** True when the vector kernels run: the module is readable and the property is not {@code off}. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Why the vector kernels do not run, or empty when they do. */
    public static Optional<String> disabledReason() {
        if (ENABLED) {
            return Optional.empty();
        }
        if (!MODULE_READABLE) {
            return Optional.of(MODULE + " is not readable: start the JVM with " + FLAG);
        }
        return Optional.of("-D" + PROPERTY + "=off");
    }

    /**
     * Logs, once per JVM, that the scalar kernels run instead of the vector ones and which flag to
     * add; does nothing when the vector kernels run or were turned off on purpose.
     */
    public static void warnIfUnavailable() {
        if (MODULE_READABLE || warned) {
            return;
        }
        warned = true;
        System.getLogger("org.era4j").log(System.Logger.Level.WARNING,
                "era4j: " + MODULE + " is not readable, so the scalar ERA kernels run (same results, several times slower). "
                        + "Add the JVM flag " + FLAG + " for the Vector API kernels.");
    }

    /** A description such as {@code "Species[float, 16, S_512_BIT]"}, or why there is none. */
    public static String describe() {
        return ENABLED ? Species.FLOAT.toString() : "scalar (" + disabledReason().orElseThrow() + ")";
    }

    /** Lanes of {@link Species#FLOAT}, or 1 when the vector kernels are off. */
    public static int floatLanes() {
        return ENABLED ? Species.FLOAT.length() : 1;
    }

    private static boolean moduleReadable() {
        return ModuleLayer.boot().findModule(MODULE)
                .map(module -> VectorSupport.class.getModule().canRead(module))
                .orElse(false);
    }

    private static String normalise(String value) {
        return value == null || value.isBlank() ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The float species of every vector kernel; a nested class so that it (and the Vector API) is
     * initialised only on first use by a vector kernel, never when the module is absent.
     */
    public static final class Species {

        /** The species chosen by {@link VectorSupport#PROPERTY}. */
        public static final VectorSpecies<Float> FLOAT = fromProperty(REQUESTED);

        private Species() {
        }

        /** The species a property value names ({@code ""} is the preferred one). */
        static VectorSpecies<Float> fromProperty(String bits) {
            String value = normalise(bits);
            return switch (value) {
                case "", "off" -> FloatVector.SPECIES_PREFERRED;
                case "64" -> FloatVector.SPECIES_64;
                case "128" -> FloatVector.SPECIES_128;
                case "256" -> FloatVector.SPECIES_256;
                case "512" -> FloatVector.SPECIES_512;
                case "max" -> VectorSpecies.of(float.class, VectorShape.S_Max_BIT);
                default -> throw new IllegalArgumentException("system property " + PROPERTY
                        + " must be 64, 128, 256, 512, max or off, got '" + bits + "'");
            };
        }
    }
}
