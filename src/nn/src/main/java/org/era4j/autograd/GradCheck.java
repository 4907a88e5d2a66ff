package org.era4j.autograd;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares analytic gradients with central differences, like {@code torch.autograd.gradcheck}.
 * The perturbed loss is evaluated in float64 where the graph allows (the projection
 * {@code sum r * f(x)} with fixed random weights {@code r}); the tensors themselves are float32, so
 * the numeric derivative {@code (L(w + h) - L(w - h)) / (w_+ - w_-)} uses the float32-rounded
 * step actually taken. An element passes when
 * {@code |numeric - analytic| <= atol + rtol * max(|numeric|, |analytic|)}.
 */
public final class GradCheck {

    /** Tolerances and step; the defaults suit float32 tensors of magnitude about 1. */
    public record Options(double step, double atol, double rtol, int maxElementsPerTensor, long seed) {
        public static Options defaults() {
            return new Options(1e-2, 2e-3, 2e-2, Integer.MAX_VALUE, 1);
        }

        public Options withStep(double value) {
            return new Options(value, atol, rtol, maxElementsPerTensor, seed);
        }

        public Options withTolerance(double absolute, double relative) {
            return new Options(step, absolute, relative, maxElementsPerTensor, seed);
        }

        /** Checks at most {@code count} seeded-random elements of each tensor (whole networks). */
        public Options sampling(int count) {
            return new Options(step, atol, rtol, count, seed);
        }
    }

    /** Outcome: the worst element found, and how many elements were compared. */
    public record Result(boolean passed, int checked, double worstExcess, String worst) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + " (" + checked + " elements; worst " + worst + ")";
        }
    }

    private GradCheck() {
    }

    /**
     * Checks every input of a tensor function: the loss is {@code sum r * f(inputs)} with seeded
     * random {@code r}, analytic gradients come from one backward pass seeded with {@code r}.
     */
    public static Result checkFunction(Function<Tensor[], Tensor> f, Options options, Tensor... inputs) {
        Tensor probe;
        try (GradMode.Scope s = GradMode.disabled()) {
            probe = f.apply(inputs);
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        float[] r = new float[probe.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (random.nextDouble() * 2 - 1);
        }
        Supplier<Double> numericLoss = () -> {
            Tensor out = f.apply(inputs);
            double sum = 0;
            for (int i = 0; i < r.length; i++) {
                sum += (double) r[i] * out.data()[i];
            }
            return sum;
        };
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        out.backward(r);
        return compare(numericLoss, List.of(inputs), options);
    }

    /** Checks the gradient of a scalar loss with respect to {@code wrt} (network parameters, inputs). */
    public static Result checkLoss(Supplier<Tensor> loss, List<Tensor> wrt, Options options) {
        for (Tensor t : wrt) {
            t.zeroGrad();
        }
        loss.get().backward();
        return compare(() -> (double) loss.get().item(), wrt, options);
    }

    private static Result compare(Supplier<Double> numericLoss, List<Tensor> wrt, Options options) {
        SplittableRandom pick = new SplittableRandom(options.seed() + 17);
        double worstExcess = Double.NEGATIVE_INFINITY;
        String worst = "none";
        int checked = 0;
        try (GradMode.Scope s = GradMode.disabled()) {
            for (Tensor t : wrt) {
                if (!t.requiresGrad()) {
                    continue;
                }
                float[] w = t.data();
                float[] analytic = t.grad() == null ? new float[w.length] : t.grad().clone();
                int count = Math.min(w.length, options.maxElementsPerTensor());
                for (int c = 0; c < count; c++) {
                    int i = count == w.length ? c : pick.nextInt(w.length);
                    float original = w[i];
                    float plus = (float) (original + options.step());
                    float minus = (float) (original - options.step());
                    w[i] = plus;
                    double lossPlus = numericLoss.get();
                    w[i] = minus;
                    double lossMinus = numericLoss.get();
                    w[i] = original;
                    double numeric = (lossPlus - lossMinus) / ((double) plus - minus);
                    double a = analytic[i];
                    double excess = Math.abs(numeric - a)
                            - (options.atol() + options.rtol() * Math.max(Math.abs(numeric), Math.abs(a)));
                    if (Double.isNaN(excess)) {
                        excess = Double.POSITIVE_INFINITY;
                    }
                    checked++;
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = t + "[" + i + "]: numeric " + numeric + ", analytic " + a;
                    }
                }
            }
        }
        return new Result(worstExcess <= 0, checked, worstExcess, worst);
    }
}
