package org.era4j.train;

import java.util.Locale;
import org.era4j.rational.EraSpec;

/**
 * What goes into every activation slot: a fixed function of the {@link ActivationCatalogue}, or
 * an ERA with its initialisation, degree and parameter sharing.
 */
public sealed interface ActivationSpec {

    /** The accepted forms of {@code --activation}. */
    static String forms() {
        return ActivationCatalogue.names() + ", era, or era:INIT[:DEGREE] (INIT: " + EraInit.forms() + ")";
    }

    /** The canonical name recorded in run configurations ({@code era} for any ERA). */
    String name();

    /** A fixed activation. */
    record Fixed(ActivationCatalogue function) implements ActivationSpec {
        @Override
        public String name() {
            return function.cliName();
        }
    }

    /** An ERA: initialisation, denominator degree 2n and sharing. */
    record Era(EraInit init, int degree, Sharing sharing) implements ActivationSpec {
        public Era {
            if (degree < 2 || degree > 16 || degree % 2 != 0) {
                throw new IllegalArgumentException("--degree: accepted: an even number in 2..16 (denominator degree 2n), got " + degree);
            }
        }

        @Override
        public String name() {
            return "era";
        }

        public EraSpec spec() {
            return EraSpec.ofDenominatorDegree(degree, EraSpec.DEFAULT_EPS);
        }
    }

    /** An ERA's initialisation: fitted to a catalogue function, or Glorot-uniform random. */
    record EraInit(ActivationCatalogue fittedTo) {
        public static final EraInit RANDOM = new EraInit(null);

        static String forms() {
            return ActivationCatalogue.names().replace("relu6, ", "") + ", random";
        }

        public boolean random() {
            return fittedTo == null;
        }

        public String name() {
            return fittedTo == null ? "random" : fittedTo.cliName();
        }

        /** Reads {@code --init} (or the INIT of {@code era:INIT:DEGREE}, named by {@code flag}). */
        public static EraInit parse(String text, String flag) {
            if (text != null && text.strip().equalsIgnoreCase("random")) {
                return RANDOM;
            }
            ActivationCatalogue target = text == null ? null : ActivationCatalogue.find(text);
            if (target == ActivationCatalogue.RELU6) {
                throw new IllegalArgumentException(flag + ": relu6 has no ERA fit (it equals relu on the fitting interval "
                        + "[-3, 3]: use relu); accepted: " + forms());
            }
            if (target == null) {
                throw new IllegalArgumentException(flag + ": unknown initialisation '" + text + "'; accepted: " + forms());
            }
            return new EraInit(target);
        }
    }

    /** How an ERA layer shares its parameter sets: one per layer, per channel, or G groups. */
    record Sharing(Kind kind, int groups) {
        public enum Kind { LAYER, CHANNEL, GROUP }

        public static final Sharing LAYER = new Sharing(Kind.LAYER, 1);
        public static final Sharing CHANNEL = new Sharing(Kind.CHANNEL, 1);

        public Sharing {
            if (kind == Kind.GROUP && groups < 1) {
                throw new IllegalArgumentException("--sharing group:G needs G >= 1, got " + groups);
            }
        }

        public String name() {
            return switch (kind) {
                case LAYER -> "layer";
                case CHANNEL -> "channel";
                case GROUP -> "group:" + groups;
            };
        }

        public static Sharing parse(String text) {
            String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            if (s.equals("layer")) {
                return LAYER;
            }
            if (s.equals("channel")) {
                return CHANNEL;
            }
            if (s.startsWith("group:")) {
                try {
                    return new Sharing(Kind.GROUP, Integer.parseInt(s.substring(6)));
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            throw new IllegalArgumentException("--sharing: cannot read '" + text + "'; accepted: layer, channel, group:G (G >= 1)");
        }
    }

    /**
     * Reads {@code --activation}; {@code init}, {@code degree} and {@code sharing} are the
     * {@code --init}, {@code --degree} and {@code --sharing} values, used for {@code era} (the
     * shorthand {@code era:INIT:DEGREE} overrides the first two).
     */
    static ActivationSpec parse(String activation, String init, int degree, String sharing) {
        String a = activation == null ? "" : activation.strip().toLowerCase(Locale.ROOT);
        if (a.equals("era") || a.startsWith("era:")) {
            String initText = init;
            int degreeValue = degree;
            String initFlag = "--init";
            if (a.startsWith("era:")) {
                String[] parts = a.split(":", -1);
                if (parts.length > 3 || parts[1].isEmpty()) {
                    throw new IllegalArgumentException("--activation: cannot read '" + activation + "'; accepted: " + forms());
                }
                initText = parts[1];
                initFlag = "--activation era:INIT";
                if (parts.length == 3) {
                    try {
                        degreeValue = Integer.parseInt(parts[2]);
                    } catch (NumberFormatException e) {
                        degreeValue = -1;
                    }
                    if (degreeValue < 2 || degreeValue > 16 || degreeValue % 2 != 0) {
                        throw new IllegalArgumentException("--activation era:INIT:DEGREE needs an even number 2..16 for DEGREE, got '"
                                + parts[2] + "'");
                    }
                }
            }
            return new Era(EraInit.parse(initText, initFlag), degreeValue, Sharing.parse(sharing));
        }
        ActivationCatalogue fixed = ActivationCatalogue.find(a);
        if (fixed == null) {
            throw new IllegalArgumentException("--activation: unknown activation '" + activation + "'; accepted: " + forms());
        }
        return new Fixed(fixed);
    }
}
