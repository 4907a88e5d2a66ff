package org.era4j.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The backend registry: every {@link EraBackendProvider} that {@link ServiceLoader} finds on the
 * class or module path (the core's {@code simd}, {@code scalar} and {@code reference}; era4j-opencl's
 * {@code opencl}; era4j-tornado's {@code tornado}; any third-party one). Backends are named
 * {@code NAME} or {@code NAME:SELECTOR} (for example {@code opencl:1}, {@code opencl:pocl}).
 *
 * <p>The registry holds no state: each call looks the providers up again, with the context class
 * loader (or the one given), so there is nothing to reset between tests or applications.
 */
public final class EraBackends {

    private EraBackends() {
    }

    /**
     * The fastest CPU backend this JVM can run: the Vector API kernels when
     * {@link VectorSupport#enabled()}, otherwise the scalar twin (bitwise the same forward values and
     * input gradients), after one logged warning that names the missing flag.
     */
    public static EraBackend defaultBackend() {
        if (VectorSupport.enabled()) {
            return VectorHolder.simd();
        }
        VectorSupport.warnIfUnavailable();
        return ScalarEraBackend.INSTANCE;
    }

    /** Every provider found with the context class loader, in listing order. */
    public static List<EraBackendProvider> providers() {
        return providers(Thread.currentThread().getContextClassLoader());
    }

    /**
     * Every provider found with {@code loader} (and the core's own), in listing order.
     *
     * @throws IllegalStateException when two providers claim one name, or a provider cannot be loaded
     */
    public static List<EraBackendProvider> providers(ClassLoader loader) {
        List<EraBackendProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(EraBackendProvider.class, loader).forEach(found::add);
            if (found.isEmpty() && loader != EraBackends.class.getClassLoader()) {
                ServiceLoader.load(EraBackendProvider.class, EraBackends.class.getClassLoader()).forEach(found::add);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("an era4j backend provider could not be loaded: " + e.getMessage(), e);
        }
        found.sort(Comparator.comparingInt(EraBackendProvider::order).thenComparing(EraBackendProvider::name));
        Map<String, String> owners = new HashMap<>();
        List<EraBackendProvider> unique = new ArrayList<>();
        for (EraBackendProvider provider : found) {
            boolean duplicateClass = unique.stream().anyMatch(p -> p.getClass().getName().equals(provider.getClass().getName()));
            if (duplicateClass) {
                continue; // the same jar seen twice through two loaders
            }
            for (String name : namesOf(provider)) {
                String previous = owners.putIfAbsent(name, provider.getClass().getName());
                if (previous != null) {
                    throw new IllegalStateException("two era4j backend providers are named '" + name + "': "
                            + previous + " and " + provider.getClass().getName());
                }
            }
            unique.add(provider);
        }
        return List.copyOf(unique);
    }

    /** The provider called {@code name} (or an alias of it), ignoring case. */
    public static Optional<EraBackendProvider> find(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return providers().stream().filter(p -> namesOf(p).contains(wanted)).findFirst();
    }

    /**
     * Opens {@code NAME} or {@code NAME:SELECTOR}; close the result when done.
     *
     * @throws IllegalArgumentException       for an unknown name (the message lists the known
     *                                        ones) or a selector the backend rejects
     * @throws EraBackendUnavailableException when the backend exists but cannot run here (the
     *                                        message says why)
     */
    public static EraBackend open(String nameAndSelector) {
        String text = nameAndSelector == null ? "" : nameAndSelector.trim();
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String selector = colon < 0 ? "" : text.substring(colon + 1).trim();
        EraBackendProvider provider = find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown backend '" + text + "'; choose one of " + String.join(", ", names())));
        if (colon >= 0 && provider.selectorSyntax().isEmpty()) {
            throw new IllegalArgumentException("backend '" + provider.name() + "' takes no selector, got '" + text + "'");
        }
        EraBackendProvider.Availability availability = provider.availability();
        if (!availability.available()) {
            throw new EraBackendUnavailableException("backend '" + provider.name() + "' is not available here: "
                    + availability.reason());
        }
        return provider.open(selector);
    }

    /** The names {@link #open} takes, with selector syntax ({@code "opencl[:DEVICE]"}), in listing order. */
    public static List<String> names() {
        return providers().stream()
                .map(p -> p.selectorSyntax().isEmpty() ? p.name() : p.name() + "[" + p.selectorSyntax() + "]")
                .toList();
    }

    /**
     * One line per provider for help texts and {@code era devices}: name, description, and
     * availability with the reason.
     */
    public static String describe() {
        return providers().stream().map(p -> {
            EraBackendProvider.Availability a = p.availability();
            String name = p.selectorSyntax().isEmpty() ? p.name() : p.name() + "[" + p.selectorSyntax() + "]";
            return String.format(Locale.ROOT, "  %-20s %s%s", name, p.description(),
                    a.available() ? "" : " (unavailable: " + a.reason() + ")");
        }).collect(Collectors.joining("\n"));
    }

    private static List<String> namesOf(EraBackendProvider provider) {
        List<String> names = new ArrayList<>();
        names.add(provider.name().toLowerCase(Locale.ROOT));
        provider.aliases().forEach(alias -> names.add(alias.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** Keeps {@link VectorEraBackend} unloaded until the vector kernels are known to be usable. */
    private static final class VectorHolder {
        static EraBackend simd() {
            return VectorEraBackend.INSTANCE;
        }
    }
}
