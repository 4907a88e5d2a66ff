package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import org.era4j.rational.EraSpec;

/**
 * Evaluates an ERA, and its fused backward pass, over a run of float32 elements that share one
 * parameter set. Backends are found by name through {@link EraBackends}, which lists every
 * {@link EraBackendProvider} on the class or module path: in the core {@code reference} (float64
 * arithmetic, the yardstick), {@code scalar} (plain float32 loop) and {@code simd} (Vector API);
 * {@code opencl} in era4j-opencl, {@code tornado} in era4j-tornado.
 * Sharing modes (per channel, per group) and multi-threading are layered on top by
 * {@link EraExecutor}; every backend passes one conformance suite.
 *
 * <p>Contract for all methods:
 * <ul>
 *   <li>{@code params[paramsOffset ..]} holds one set in the layout of {@link EraSpec}.</li>
 *   <li>Outputs may alias inputs exactly (same array and offset: in-place); partially overlapping
 *       output and input ranges are rejected with {@link IllegalArgumentException}.</li>
 *   <li>No allocation: the caller owns every buffer.</li>
 *   <li>A NaN or infinite {@code x} gives NaN in {@code y} and {@code dx} (the fraction terms
 *       evaluate to inf/inf), and therefore NaN parameter gradients; finite inputs give finite
 *       results whenever the float64 result is representable.</li>
 * </ul>
 * The CPU backends are stateless and safe to share between threads; a device backend says in its
 * Javadoc how it serialises calls. Backends that hold native resources release them in
 * {@link #close()}; for the others it does nothing, so callers may close any backend they opened.
 */
public interface EraBackend extends AutoCloseable {

    /**
     * Short name used by the CLI's {@code --backend}: {@code reference}, {@code scalar},
     * {@code simd}, {@code opencl}, {@code tornado}.
     */
    String name();

    /** {@code y[i] = sigma(x[i])} for {@code i < length}. */
    void forward(EraSpec spec, float[] params, int paramsOffset,
                 float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * Fused backward: {@code dx[i] = dy[i] * sigma'(x[i])} (overwritten) and, for every parameter
     * {@code k}, {@code dParams[dParamsOffset + k] += sum_i dy[i] * d sigma(x[i]) / d p_k}.
     * {@code dx} may alias {@code x} or {@code dy} exactly.
     */
    void backward(EraSpec spec, float[] params, int paramsOffset,
                  float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                  float[] dParams, int dParamsOffset, int length);

    /**
     * {@link #forward(EraSpec, float[], int, float[], int, float[], int, int)} on native or heap
     * segments of floats (native byte order); offsets count floats, not bytes. The CPU backends
     * accept any byte alignment (heap segments over byte[] included) and reject a read-only
     * {@code y}; aliasing rules are those of the array overload.
     */
    void forward(EraSpec spec, float[] params, int paramsOffset,
                 MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length);

    /**
     * The fused backward on segments of floats (native byte order); offsets count floats. Same
     * alignment, read-only ({@code dx}) and aliasing rules as the segment forward.
     */
    void backward(EraSpec spec, float[] params, int paramsOffset,
                  MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                  MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length);

    /** Releases native resources, if the backend holds any; the CPU backends hold none. */
    @Override
    default void close() {
    }
}
