/**
 * OpenCL through {@code java.lang.foreign}: bindings ({@link org.era4j.gpu.OpenCl}), platforms and
 * devices ({@link org.era4j.gpu.ClDeviceSelector}), and the ERA backend
 * ({@link org.era4j.gpu.OpenClEraBackend}, registered as {@code opencl} through
 * {@link org.era4j.gpu.OpenClBackendProvider}). Every OpenCL error becomes a
 * {@link org.era4j.gpu.ClException} naming the call and the code; a missing library or platform is an
 * {@link org.era4j.gpu.OpenClUnavailableException}.
 */
package org.era4j.gpu;
