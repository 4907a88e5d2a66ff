package org.era4j.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.era4j.optim.LearningRateSchedule;

/**
 * The learning-rate schedule of a run, read once from {@code --schedule}. Schedules that depend
 * on the length of training get the step count from the data they are given
 * ({@link #build(double, int, int)}), not from an assumed data-set size.
 */
public sealed interface Schedule {

    /** The accepted forms, for help and error messages. */
    String FORMS = "none, step:E1,E2,... (x0.1 after each epoch), step:P% (x0.1 after P percent of the steps), "
            + "exp:RATE:STEPS, cosine";

    /** The canonical text (what run configurations record; {@link #parse} reads it back). */
    String text();

    /** The rate function for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps each. */
    LearningRateSchedule build(double base, int epochs, int stepsPerEpoch);

    /** True when the rates depend on the run's length (so --epochs cannot change on --resume). */
    default boolean dependsOnLength() {
        return false;
    }

    record Constant() implements Schedule {
        @Override
        public String text() {
            return "none";
        }

        @Override
        public LearningRateSchedule build(double base, int epochs, int stepsPerEpoch) {
            return LearningRateSchedule.constant(base);
        }
    }

    /** x0.1 from each of these (1-based end) epochs on: {@code step:4} of 5 epochs lowers the last. */
    record StepEpochs(int[] epochs) implements Schedule {
        @Override
        public String text() {
            return "step:" + Arrays.stream(epochs).mapToObj(Integer::toString).collect(Collectors.joining(","));
        }

        @Override
        public LearningRateSchedule build(double base, int totalEpochs, int stepsPerEpoch) {
            return LearningRateSchedule.stepDecay(base, 0.1, epochs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StepEpochs s && Arrays.equals(epochs, s.epochs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(epochs);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** x0.1 after {@code percent} % of all steps (the same point of training whatever the data-set size). */
    record StepPercent(double percent) implements Schedule {
        public StepPercent {
            if (!(percent > 0 && percent < 100)) {
                throw new IllegalArgumentException("--schedule step:P% needs 0 < P < 100, got " + percent);
            }
        }

        @Override
        public String text() {
            return "step:" + format(percent) + "%";
        }

        @Override
        public LearningRateSchedule build(double base, int epochs, int stepsPerEpoch) {
            long total = (long) epochs * stepsPerEpoch;
            long at = Math.round(total * percent / 100);
            return (epoch, step) -> step >= at ? base * 0.1 : base;
        }

        @Override
        public boolean dependsOnLength() {
            return true;
        }
    }

    record Exponential(double rate, long everySteps) implements Schedule {
        public Exponential {
            if (!(rate > 0) || Double.isInfinite(rate) || everySteps < 1) {
                throw new IllegalArgumentException("--schedule exp:RATE:STEPS needs RATE > 0 and STEPS >= 1, got "
                        + rate + ":" + everySteps);
            }
        }

        @Override
        public String text() {
            return "exp:" + format(rate) + ":" + everySteps;
        }

        @Override
        public LearningRateSchedule build(double base, int epochs, int stepsPerEpoch) {
            return LearningRateSchedule.exponentialDecay(base, rate, everySteps);
        }
    }

    /** Cosine to 0 over every step of the run (epochs x the batches of the data actually trained on). */
    record Cosine() implements Schedule {
        @Override
        public String text() {
            return "cosine";
        }

        @Override
        public LearningRateSchedule build(double base, int epochs, int stepsPerEpoch) {
            return LearningRateSchedule.cosine(base, 0, Math.max(1, (long) epochs * stepsPerEpoch));
        }

        @Override
        public boolean dependsOnLength() {
            return true;
        }
    }

    static Schedule parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("none") || s.equals("constant")) {
                return new Constant();
            }
            if (s.equals("cosine")) {
                return new Cosine();
            }
            if (s.startsWith("step:") && s.endsWith("%")) {
                return new StepPercent(Double.parseDouble(s.substring(5, s.length() - 1)));
            }
            if (s.startsWith("step:")) {
                int[] epochs = Arrays.stream(s.substring(5).split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
                for (int e : epochs) {
                    if (e < 1) {
                        throw new IllegalArgumentException("epochs must be >= 1");
                    }
                }
                return new StepEpochs(epochs);
            }
            if (s.startsWith("exp:")) {
                String[] parts = s.substring(4).split(":", -1);
                if (parts.length == 2) {
                    return new Exponential(Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: one message below names the flag and the forms
        }
        throw new IllegalArgumentException("--schedule: cannot read '" + text + "'; accepted: " + FORMS);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
