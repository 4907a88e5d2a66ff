/**
 * The kernels: ERA forward and fused backward over runs of float32 that the caller owns
 * ({@code float[]} with offsets, or any {@link java.lang.foreign.MemorySegment}).
 *
 * <ul>
 *   <li>{@link org.era4j.kernel.EraBackend} is the contract; {@link org.era4j.kernel.EraBackends}
 *       finds backends by name ({@code simd}, {@code scalar}, {@code reference}, and any
 *       {@link org.era4j.kernel.EraBackendProvider} on the class or module path, such as
 *       era4j-opencl's {@code opencl}).</li>
 *   <li>{@link org.era4j.kernel.EraExecutor} runs a backend over a tensor with one parameter set per
 *       layer, channel or group ({@link org.era4j.kernel.ParameterSharing}) on worker threads, in
 *       fixed chunks with a fixed-order reduction, so results do not depend on the thread count.</li>
 *   <li>{@link org.era4j.kernel.VectorSupport} decides once whether the Vector API kernels run and at
 *       which width ({@code -Dera4j.simd.bits}); without {@code --add-modules jdk.incubator.vector}
 *       the scalar twins run, with one warning.</li>
 *   <li>{@link org.era4j.kernel.EraAccuracy} states the error bounds every backend is held to.</li>
 *   <li>{@link org.era4j.kernel.Gemm} and {@link org.era4j.kernel.ReluKernel} serve era4j-nn.</li>
 * </ul>
 */
package org.era4j.kernel;
