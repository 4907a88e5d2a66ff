/**
 * era4j onnx: exports era4j-nn models as standard ONNX ({@link org.era4j.onnx.OnnxExport}), ERA
 * activations written out in elementary operators, through Tribuo's ONNX protobuf binding.
 */
module org.era4j.onnx {
    requires transitive org.era4j.nn;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;

    exports org.era4j.onnx;
}
