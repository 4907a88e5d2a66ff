package org.era4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.era4j.nn.ActivationFactory;
import org.era4j.rational.ActivationTarget;

/**
 * The one list of fixed activations: their CLI names and aliases, formula, derivative, the layer
 * that computes them and the target an ERA is fitted to when initialised from them. Both
 * {@code --activation NAME} and {@code --init NAME} (and {@code era:NAME:DEGREE}) read names here,
 * so a name means the same function everywhere: {@code gelu} is the tanh form (the paper's GELU)
 * as a layer and as an ERA target; the exact form is {@code gelu-exact}.
 */
public enum ActivationCatalogue {

    RELU("relu", List.of(), "max(0, x)", "x > 0 ? 1 : 0",
            ActivationTarget.relu()),
    RELU6("relu6", List.of(), "min(max(0, x), 6)", "0 < x < 6 ? 1 : 0",
            null),
    LEAKY_RELU("leaky-relu", List.of("leaky_relu", "lrelu"), "x >= 0 ? x : 0.01 x", "x >= 0 ? 1 : 0.01",
            ActivationTarget.leakyRelu(0.01)),
    SWISH("swish", List.of("silu"), "x sigmoid(x)", "s + x s (1 - s), s = sigmoid(x)",
            ActivationTarget.swish()),
    GELU("gelu", List.of("gelu-tanh", "gelu_tanh"), "x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3)",
            "s + 2 x s (1 - s) u', s = sigmoid(2u), u' = sqrt(2/pi) (1 + 0.134145 x^2)",
            ActivationTarget.geluTanh()),
    GELU_EXACT("gelu-exact", List.of("gelu_exact", "gelu-erf"), "x Phi(x)", "Phi(x) + x phi(x)",
            ActivationTarget.gelu()),
    TANH("tanh", List.of(), "tanh(x)", "1 - tanh(x)^2",
            ActivationTarget.tanh()),
    SIGMOID("sigmoid", List.of(), "1 / (1 + exp(-x))", "s (1 - s), s = sigmoid(x)",
            ActivationTarget.sigmoid());

    private final String cliName;
    private final List<String> aliases;
    private final String formula;
    private final String derivative;
    private final ActivationTarget target;

    ActivationCatalogue(String cliName, List<String> aliases, String formula, String derivative, ActivationTarget target) {
        this.cliName = cliName;
        this.aliases = aliases;
        this.formula = formula;
        this.derivative = derivative;
        this.target = target;
    }

    /** The canonical CLI name (what run configurations record). */
    public String cliName() {
        return cliName;
    }

    public List<String> aliases() {
        return aliases;
    }

    public String formula() {
        return formula;
    }

    public String derivative() {
        return derivative;
    }

    /**
     * The function an ERA initialised from this name is fitted to; null where there is no fit
     * (ReLU6 equals ReLU on the fitting interval [-3, 3], so {@code --init relu} serves it).
     */
    public ActivationTarget target() {
        return target;
    }

    /** The layer factory computing this function. */
    public ActivationFactory layer() {
        return switch (this) {
            case RELU -> ActivationFactory.relu();
            case RELU6 -> ActivationFactory.pointwise("ReLU6", org.era4j.autograd.Pointwise.Function.RELU6);
            case LEAKY_RELU -> ActivationFactory.leakyRelu(0.01f);
            case SWISH -> ActivationFactory.swish();
            case GELU -> ActivationFactory.geluTanh();
            case GELU_EXACT -> ActivationFactory.geluExact();
            case TANH -> ActivationFactory.tanh();
            case SIGMOID -> ActivationFactory.sigmoid();
        };
    }

    /** The entry a name or alias (any case, blanks stripped) denotes, or null. */
    public static ActivationCatalogue find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (ActivationCatalogue a : values()) {
            if (a.cliName.equals(key) || a.aliases.contains(key)) {
                return a;
            }
        }
        return null;
    }

    /** The canonical names, comma-separated, for error messages and help. */
    public static String names() {
        List<String> names = new ArrayList<>();
        for (ActivationCatalogue a : values()) {
            names.add(a.cliName);
        }
        return String.join(", ", names);
    }

    /** One line per entry: name, aliases, formula and derivative. */
    public static String table() {
        StringBuilder text = new StringBuilder();
        for (ActivationCatalogue a : values()) {
            text.append(String.format(Locale.ROOT, "%-11s %-24s f(x) = %s;  f'(x) = %s%n", a.cliName,
                    a.aliases.isEmpty() ? "" : "(" + String.join(", ", a.aliases) + ")", a.formula, a.derivative));
        }
        return text.toString();
    }
}
