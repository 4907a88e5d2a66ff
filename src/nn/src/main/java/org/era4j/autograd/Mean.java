package org.era4j.autograd;

/** {@code mean(x)} over every element (a scalar). */
public final class Mean {

    private Mean() {
    }

    public static Tensor all(Tensor input) {
        if (input.size() == 0) {
            throw new IllegalArgumentException("mean of an empty tensor " + input);
        }
        return Sum.scaled(input, 1.0 / input.size());
    }
}
