package org.era4j.rational;

import java.util.Locale;

/**
 * A fixed activation function that an ERA can be fitted to, evaluated in float64.
 *
 * <pre>
 *   relu(x)          = max(0, x)
 *   leaky-relu:s(x)  = x >= 0 ? x : s * x                  (s in [0, 1], default 0.01)
 *   swish(x)         = silu(x) = x * sigmoid(x)
 *   gelu(x)          = x * Phi(x) = (x / 2) * erfc(-x / sqrt 2)           (exact)
 *   gelu-tanh(x)     = (x / 2) * (1 + tanh(u)) = x * sigmoid(2u),  u = sqrt(2/pi) (x + 0.044715 x^3)
 *   tanh(x), sigmoid(x) = 1 / (1 + exp(-x)), identity(x) = x
 * </pre>
 *
 * Every formula is written so it does not cancel catastrophically for large negative {@code x}
 * (sigmoid from {@code exp(-|x|)}, GELU from {@code erfc}, the tanh GELU through a sigmoid), and
 * the limits at {@code +-Infinity} are returned exactly ({@code swish(-Inf) = 0}, not
 * {@code -Inf * 0 = NaN}). {@code NaN} maps to {@code NaN}.
 *
 * <p>Instances are immutable and compare equal when kind and slope are equal; {@link #name()} is
 * the canonical CLI spelling and is what {@link #parse(String)} reads back.
 */
public final class ActivationTarget {

    /** Default negative-side slope of leaky ReLU (Keras/PyTorch default). */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);

    /** The CLI names accepted by {@link #parse(String)}, for error messages and help text. */
    public static final String VALID_NAMES =
            "relu, leaky-relu, leaky-relu:<slope>, swish, silu, gelu, gelu-tanh, tanh, sigmoid, identity";

    private enum Kind { RELU, LEAKY_RELU, SWISH, GELU, GELU_TANH, TANH, SIGMOID, IDENTITY }

    private final Kind kind;
    private final double slope;

    private ActivationTarget(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    public static ActivationTarget relu() {
        return new ActivationTarget(Kind.RELU, 0);
    }

    /** Leaky ReLU with negative-side slope {@code slope} in {@code [0, 1]}. */
    public static ActivationTarget leakyRelu(double slope) {
        if (!(slope >= 0 && slope <= 1)) {
            throw new IllegalArgumentException("leaky-relu slope must be in [0, 1], got " + slope);
        }
        return new ActivationTarget(Kind.LEAKY_RELU, slope);
    }

    /** Swish with beta = 1, the same function as SiLU: {@code x * sigmoid(x)}. */
    public static ActivationTarget swish() {
        return new ActivationTarget(Kind.SWISH, 0);
    }

    /** Exact GELU, {@code x * Phi(x)}. */
    public static ActivationTarget gelu() {
        return new ActivationTarget(Kind.GELU, 0);
    }

    /** The tanh approximation of GELU (the paper's "GELU" target). */
    public static ActivationTarget geluTanh() {
        return new ActivationTarget(Kind.GELU_TANH, 0);
    }

    public static ActivationTarget tanh() {
        return new ActivationTarget(Kind.TANH, 0);
    }

    public static ActivationTarget sigmoid() {
        return new ActivationTarget(Kind.SIGMOID, 0);
    }

    public static ActivationTarget identity() {
        return new ActivationTarget(Kind.IDENTITY, 0);
    }

    /**
     * Reads a CLI name (case-insensitive, surrounding blanks ignored): one of {@link #VALID_NAMES};
     * {@code leaky-relu} alone uses {@link #DEFAULT_LEAKY_SLOPE}; {@code silu} is {@code swish}.
     */
    public static ActivationTarget parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("activation target is missing; valid: " + VALID_NAMES);
        }
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("leaky-relu:")) {
            String slopeText = name.substring("leaky-relu:".length());
            double slope;
            try {
                slope = Double.parseDouble(slopeText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("leaky-relu slope '" + slopeText
                        + "' is not a number (write e.g. leaky-relu:0.2)");
            }
            return leakyRelu(slope);
        }
        return switch (name) {
            case "relu" -> relu();
            case "leaky-relu" -> leakyRelu(DEFAULT_LEAKY_SLOPE);
            case "swish", "silu" -> swish();
            case "gelu" -> gelu();
            case "gelu-tanh" -> geluTanh();
            case "tanh" -> tanh();
            case "sigmoid" -> sigmoid();
            case "identity" -> identity();
            default -> throw new IllegalArgumentException("unknown activation target '" + text
                    + "'; valid: " + VALID_NAMES);
        };
    }

    /** Canonical CLI name, e.g. {@code "swish"}, {@code "leaky-relu:0.01"}. */
    public String name() {
        return switch (kind) {
            case RELU -> "relu";
            case LEAKY_RELU -> "leaky-relu:" + slope;
            case SWISH -> "swish";
            case GELU -> "gelu";
            case GELU_TANH -> "gelu-tanh";
            case TANH -> "tanh";
            case SIGMOID -> "sigmoid";
            case IDENTITY -> "identity";
        };
    }

    /** The target's value at {@code x} in float64. */
    public double value(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        return switch (kind) {
            case RELU -> x > 0 ? x : 0.0;
            case LEAKY_RELU -> x >= 0 ? x : slope * x;
            case SWISH -> x == Double.NEGATIVE_INFINITY ? 0.0 : x * logistic(x);
            case GELU -> x == Double.NEGATIVE_INFINITY ? 0.0 : 0.5 * x * ErrorFunction.erfc(-x * INV_SQRT_2);
            case GELU_TANH -> geluTanh(x);
            case TANH -> StrictMath.tanh(x);
            case SIGMOID -> logistic(x);
            case IDENTITY -> x;
        };
    }

    private static double geluTanh(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? x : 0.0;
        }
        // 1 + tanh(u) = 2 sigmoid(2u): no cancellation for large negative u. x^3 may overflow to
        // +-Inf for |x| > 1e102; the sigmoid then saturates to the right limit.
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        return x * logistic(2 * u);
    }

    /** {@code 1 / (1 + exp(-x))} from {@code exp(-|x|)}, which never overflows. */
    private static double logistic(double x) {
        double z = StrictMath.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + z) : z / (1 + z);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActivationTarget that && kind == that.kind
                && Double.compare(slope, that.slope) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Double.hashCode(slope);
    }

    @Override
    public String toString() {
        return name();
    }
}
