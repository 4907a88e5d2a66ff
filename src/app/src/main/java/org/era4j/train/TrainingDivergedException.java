package org.era4j.train;

/** The loss became NaN or infinite; the message names the first layer whose output did. */
public final class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message, Throwable cause) {
        super(message, cause);
    }
}
