package org.era4j.train;

import java.util.Locale;
import org.era4j.nn.ClassifierStep;

/** Gradient clipping, read once from {@code --clip}: none, global norm or element value. */
public record Clipping(ClassifierStep.Clipping kind, double threshold) {

    public static final String FORMS = "none, norm:X, value:X, or X (global norm), X finite and > 0";
    public static final Clipping NONE = new Clipping(ClassifierStep.Clipping.NONE, 0);

    public Clipping {
        if (kind != ClassifierStep.Clipping.NONE && (!(threshold > 0) || Double.isInfinite(threshold))) {
            throw new IllegalArgumentException("--clip: the threshold must be finite and > 0, got " + threshold + "; accepted: " + FORMS);
        }
    }

    /** Canonical text, read back by {@link #parse}. */
    public String text() {
        return switch (kind) {
            case NONE -> "none";
            case GLOBAL_NORM -> "norm:" + threshold;
            case VALUE -> "value:" + threshold;
        };
    }

    public static Clipping parse(String text) {
        String c = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (c.equals("none")) {
            return NONE;
        }
        try {
            if (c.startsWith("value:")) {
                return new Clipping(ClassifierStep.Clipping.VALUE, Double.parseDouble(c.substring(6)));
            }
            return new Clipping(ClassifierStep.Clipping.GLOBAL_NORM, Double.parseDouble(c.startsWith("norm:") ? c.substring(5) : c));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clip: cannot read '" + text + "'; accepted: " + FORMS);
        }
    }
}
