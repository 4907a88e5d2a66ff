/**
 * ONNX export of era4j-nn models ({@link org.era4j.onnx.OnnxExport}): dense, convolution,
 * pooling, normalisation, the fixed activations and ERAs as elementary operators (no custom
 * operator), built with Tribuo's ONNX protobuf binding.
 */
package org.era4j.onnx;
