package org.era4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The standard ONNX operators (domain {@code ai.onnx}, opset {@value #OPSET}) the exporter emits,
 * described for Tribuo's {@link org.tribuo.util.onnx.ONNXContext}, which validates inputs and
 * attributes against these descriptions and writes the protobuf. Tribuo's own
 * {@link ONNXOperators} lacks the convolution, pooling and activation operators.
 */
enum Op implements ONNXOperator {
    ADD("Add", 2),
    SUB("Sub", 2),
    MUL("Mul", 2),
    DIV("Div", 2),
    SQRT("Sqrt", 1),
    TANH("Tanh", 1),
    SIGMOID("Sigmoid", 1),
    RELU("Relu", 1),
    ERF("Erf", 1),
    IDENTITY("Identity", 1),
    LEAKY_RELU("LeakyRelu", 1, 0, attr("alpha", AttributeType.FLOAT, false)),
    FLATTEN("Flatten", 1, 0, attr("axis", AttributeType.INT, false)),
    GEMM("Gemm", 2, 1, attr("alpha", AttributeType.FLOAT, false), attr("beta", AttributeType.FLOAT, false),
            attr("transA", AttributeType.INT, false), attr("transB", AttributeType.INT, false)),
    CONV("Conv", 2, 1, attr("kernel_shape", AttributeType.INTS, false), attr("strides", AttributeType.INTS, false),
            attr("pads", AttributeType.INTS, false), attr("dilations", AttributeType.INTS, false),
            attr("group", AttributeType.INT, false)),
    MAX_POOL("MaxPool", 1, 0, attr("kernel_shape", AttributeType.INTS, true), attr("strides", AttributeType.INTS, false),
            attr("pads", AttributeType.INTS, false)),
    AVERAGE_POOL("AveragePool", 1, 0, attr("kernel_shape", AttributeType.INTS, true),
            attr("strides", AttributeType.INTS, false), attr("pads", AttributeType.INTS, false),
            attr("count_include_pad", AttributeType.INT, false)),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1),
    REDUCE_MEAN("ReduceMean", 1, 0, attr("axes", AttributeType.INTS, false), attr("keepdims", AttributeType.INT, false));

    /** The opset every operator here is taken from (the same as Tribuo's operators). */
    static final int OPSET = 13;

    private final String name;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    Op(String name, int inputs) {
        this(name, inputs, 0);
    }

    Op(String name, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.name = name;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(map);
    }

    private static ONNXAttribute attr(String name, AttributeType type, boolean mandatory) {
        return new ONNXAttribute(name, type, mandatory);
    }

    @Override
    public String getOpName() {
        return name;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    @Override
    public String getOpDomain() {
        return ONNXOperators.ADD.getOpDomain();
    }
}
