package org.era4j.autograd;

/**
 * Whether operations record the graph for {@link Tensor#backward()}. Evaluation runs inside
 * {@code try (GradMode.Scope s = GradMode.disabled()) { ... }}: no graph, no saved activations.
 * The flag is per thread.
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True when new operations record their backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed (restores the previous state). */
    public static Scope disabled() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = false;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous mode on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
