/**
 * An ERA layer for Deeplearning4j ({@link org.era4j.dl4j.EraLayer}): parameters per layer or per
 * channel, initialised from era4j's fits or randomly, forward and backward through era4j's
 * kernels on ND4J's own memory (float) or the float64 reference (double). See docs/interop.md.
 */
package org.era4j.dl4j;
