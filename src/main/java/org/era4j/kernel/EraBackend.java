package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import org.era4j.rational.EraSpec;

/**
 * Evaluates an ERA, and its fused backward pass, over a run of float32 elements that share one
 * parameter set. Implementations: {@link ReferenceEraBackend} (float64 arithmetic, the yardstick),
 * {@link ScalarEraBackend} (plain float32 loop), {@link VectorEraBackend} (Vector API SIMD),
 * {@code org.era4j.gpu.OpenClEraBackend} (any OpenCL device) and, in the separate {@code tornado/}
 * project, {@code org.era4j.tornado.TornadoEraBackend}.
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
 * Implementations are stateless and safe to share between threads.
 */
public interface EraBackend {

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
}
