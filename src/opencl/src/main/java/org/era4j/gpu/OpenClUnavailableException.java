package org.era4j.gpu;

import org.era4j.kernel.EraBackendUnavailableException;

/**
 * OpenCL cannot be used on this machine: the ICD loader library is missing or no platform is
 * installed. The message says what was tried and how to fix it (install an ICD such as
 * {@code pocl-opencl-icd}, or point {@value OpenCl#LIBRARY_PROPERTY} at the loader).
 */
public final class OpenClUnavailableException extends EraBackendUnavailableException {

    private static final long serialVersionUID = 1L;

    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
