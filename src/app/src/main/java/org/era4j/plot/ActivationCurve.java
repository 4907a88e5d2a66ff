package org.era4j.plot;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * One activation function to plot, as float64 callbacks: {@code sigma(x)}, {@code sigma'(x)} and
 * {@code sigma''(x)}. For an ERA, pass {@code x -> EraReference.value(spec, p, 0, x)} and its
 * derivative twins; the plot package itself depends on nothing of era4j.
 *
 * @param label legend text, e.g. {@code "initial (Swish)"} or {@code "learned, epoch 100"}
 */
public record ActivationCurve(String label, DoubleUnaryOperator value, DoubleUnaryOperator firstDerivative,
        DoubleUnaryOperator secondDerivative) {

    public ActivationCurve {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(firstDerivative, "firstDerivative");
        Objects.requireNonNull(secondDerivative, "secondDerivative");
    }
}
