/**
 * Weights as safetensors files ({@link org.era4j.nn.io.SafeTensors}), the format PyTorch and
 * Hugging Face read; written atomically.
 */
package org.era4j.nn.io;
