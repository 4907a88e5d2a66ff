/**
 * Reverse-mode automatic differentiation on float32 tensors: {@link org.era4j.autograd.Tensor},
 * one class per primitive (each owns its forward and backward), {@link org.era4j.autograd.Era} as
 * one fused primitive on the core's kernels, and {@link org.era4j.autograd.GradCheck} against
 * central differences. Operations that need kernels take them explicitly; models get them from the
 * caller's {@link org.era4j.autograd.ExecutionContext}.
 */
package org.era4j.autograd;
