/**
 * The core's {@link org.era4j.kernel.EraBackendProvider}s ({@code simd}, {@code scalar},
 * {@code reference}). Not exported: reach them through {@link org.era4j.kernel.EraBackends}.
 */
package org.era4j.kernel.provider;
