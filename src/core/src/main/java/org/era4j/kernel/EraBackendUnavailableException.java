package org.era4j.kernel;

/**
 * A backend was asked for that cannot run here: its module flag, native library, driver, device or
 * SDK is missing. The message says what is missing and how to get it.
 */
public class EraBackendUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public EraBackendUnavailableException(String message) {
        super(message);
    }

    public EraBackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
