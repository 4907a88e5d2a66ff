package org.era4j.optim;

import java.util.Arrays;

/**
 * Learning rate as a function of the epoch (0-based) and the global step (0-based). The trainer
 * asks it before each step and passes the value to {@link Optimizer#setLearningRate}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    double rate(int epoch, long step);

    /** Always {@code base}. */
    static LearningRateSchedule constant(double base) {
        check(base);
        return (epoch, step) -> base;
    }

    /**
     * Step decay: {@code base * factor^k}, k = how many of {@code epochs} are {@code <=} the current epoch
     * (the paper's CIFAR recipe: 0.01, factor 0.1 at epochs 25, 50, 75).
     */
    static LearningRateSchedule stepDecay(double base, double factor, int... epochs) {
        check(base);
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("decay factor must be finite and > 0, got " + factor);
        }
        int[] sorted = epochs.clone();
        Arrays.sort(sorted);
        return (epoch, step) -> {
            int k = 0;
            while (k < sorted.length && sorted[k] <= epoch) {
                k++;
            }
            return base * Math.pow(factor, k);
        };
    }

    /** Exponential decay every {@code everySteps}: {@code base * rate^floor(step / everySteps)} (the pose recipe). */
    static LearningRateSchedule exponentialDecay(double base, double rate, long everySteps) {
        check(base);
        if (!(rate > 0) || everySteps < 1) {
            throw new IllegalArgumentException("exponential decay needs rate > 0 and everySteps >= 1, got "
                    + rate + ", " + everySteps);
        }
        return (epoch, step) -> base * Math.pow(rate, Math.floorDiv(step, everySteps));
    }

    /** Cosine from {@code base} to {@code minimum} over {@code totalSteps}, then {@code minimum}. */
    static LearningRateSchedule cosine(double base, double minimum, long totalSteps) {
        check(base);
        if (totalSteps < 1 || !(minimum >= 0) || minimum > base) {
            throw new IllegalArgumentException("cosine schedule needs totalSteps >= 1 and 0 <= minimum <= base, got "
                    + totalSteps + ", " + minimum);
        }
        return (epoch, step) -> {
            double progress = Math.min(1.0, (double) step / totalSteps);
            return minimum + 0.5 * (base - minimum) * (1 + Math.cos(Math.PI * progress));
        };
    }

    private static void check(double base) {
        if (!(base >= 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + base);
        }
    }
}
