package org.era4j.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.era4j.autograd.Padding;
import org.era4j.autograd.Tensor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;
import org.era4j.nn.Activation;
import org.era4j.nn.BatchNorm;
import org.era4j.nn.Conv;
import org.era4j.nn.Dense;
import org.era4j.nn.DropoutLayer;
import org.era4j.nn.EraActivation;
import org.era4j.nn.Flatten;
import org.era4j.nn.GlobalAveragePool;
import org.era4j.nn.InstanceNorm;
import org.era4j.nn.LayerNorm;
import org.era4j.nn.Module;
import org.era4j.nn.NormLayer;
import org.era4j.nn.Pool;
import org.era4j.nn.Sequential;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes an era4j-nn model as a standard ONNX model (opset {@value Op#OPSET}, no custom operator),
 * built with Tribuo's ONNX protobuf binding. The model's input is {@value #INPUT} of shape
 * {@code (N, inputShape...)} and its output {@value #OUTPUT} of shape {@code (N, classes)}, in
 * evaluation mode (dropout off, batch norm with running statistics).
 *
 * <p>Supported modules: {@link Sequential} (recursively), {@link Flatten}, {@link Dense} (Gemm),
 * {@link Conv} (Conv), {@link Pool} (MaxPool, AveragePool without the padding in the count),
 * {@link GlobalAveragePool}, {@link LayerNorm}, {@link InstanceNorm}, {@link BatchNorm},
 * {@link DropoutLayer} (identity), the fixed {@link Activation}s (ReLU, LeakyReLU, Swish, GELU, GELU(tanh),
 * tanh, sigmoid) and {@link EraActivation}, written out in elementary operators:
 * <pre>
 *   y = a*x + b + sum_i (c_i*x + d_i) / ((x - e_i)*(x - e_i) + f_i*f_i + eps)     (Mul, Add, Sub, Div)
 * </pre>
 * with one scalar per parameter for a layer-wide set, or per-channel tensors ({@code [C]} for
 * channels-last, {@code [C,1,1]} for NCHW) otherwise. Any other module is refused with an
 * {@link UnsupportedOperationException} naming it.
 */
public final class OnnxExport {

    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    /** ONNX IR version written (ONNX 1.8+; opset 13 needs IR 7 or later). */
    public static final long IR_VERSION = 7;

    private final ONNXContext context = new ONNXContext();
    private int nodes;

    private OnnxExport() {
    }

    /**
     * The model as an ONNX {@code ModelProto}.
     *
     * @param model      the network, in any training state (exported as in evaluation)
     * @param inputShape one sample's shape, e.g. {@code {1, 28, 28}}
     * @param graphName  the graph's name
     */
    public static OnnxMl.ModelProto export(Module model, int[] inputShape, String graphName) {
        if (model == null) {
            throw new IllegalArgumentException("ONNX export: model is null");
        }
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("ONNX export: input shape must be non-empty with dimensions >= 1, got "
                    + Arrays.toString(inputShape));
        }
        return new OnnxExport().build(model, inputShape, graphName == null ? "era4j" : graphName);
    }

    /**
     * {@link #export} written to {@code file} (through a temporary file, moved into place); returns
     * the bytes written.
     */
    public static long write(Module model, int[] inputShape, String graphName, Path file) throws IOException {
        OnnxMl.ModelProto proto = export(model, inputShape, graphName);
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = Files.createTempFile(parent, absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                proto.writeTo(out);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return proto.getSerializedSize();
    }

    private record Value(ONNXRef<?> ref, int[] shape) {
        Value with(ONNXRef<?> next) {
            return new Value(next, shape);
        }
    }

    private OnnxMl.ModelProto build(Module model, int[] inputShape, String graphName) {
        context.setName(graphName);
        int features = Math.toIntExact(Arrays.stream(inputShape).asLongStream().reduce(1, (a, b) -> a * b));
        ONNXPlaceholder input = context.floatInput(INPUT, features);
        Value out = module("", model, new Value(input, inputShape.clone()));
        if (out.shape.length != 1) {
            throw new UnsupportedOperationException("ONNX export: the model's output per sample has shape "
                    + Arrays.toString(out.shape) + "; only (N, classes) outputs are exported");
        }
        ONNXPlaceholder output = context.floatOutput(OUTPUT, out.shape[0]);
        out.ref.assignTo(output);
        OnnxMl.GraphProto graph = context.buildGraph();
        // Tribuo declares inputs as (N, features); declare the real (N, C, H, W) instead.
        long[] dims = new long[inputShape.length + 1];
        dims[0] = -1;
        for (int i = 0; i < inputShape.length; i++) {
            dims[i + 1] = inputShape[i];
        }
        OnnxMl.GraphProto.Builder graphBuilder = graph.toBuilder();
        for (int i = 0; i < graphBuilder.getInputCount(); i++) {
            if (graphBuilder.getInput(i).getName().equals(INPUT)) {
                graphBuilder.getInputBuilder(i).setType(floatType(dims));
            }
        }
        for (int i = 0; i < graphBuilder.getOutputCount(); i++) {
            graphBuilder.getOutputBuilder(i).setType(floatType(new long[] {-1, out.shape[0]}));
        }
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("era4j")
                .setProducerVersion(version())
                .setDocString("Exported by era4j-onnx: ERA activations in elementary ONNX operators.")
                .setGraph(graphBuilder.build())
                .build();
    }

    /** A float tensor type; a dimension of -1 is the symbolic batch size "N". */
    private static OnnxMl.TypeProto floatType(long[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            shape.addDim(d < 0 ? dim.setDimParam("N") : dim.setDimValue(d));
        }
        return OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private Value module(String path, Module m, Value x) {
        String name = path.isEmpty() ? m.getClass().getSimpleName() : path;
        if (m instanceof Sequential) {
            Value v = x;
            for (Map.Entry<String, Module> child : m.children().entrySet()) {
                v = module(path.isEmpty() ? child.getKey() : path + "." + child.getKey(), child.getValue(), v);
            }
            return v;
        }
        if (m instanceof Flatten) {
            int size = Arrays.stream(x.shape).reduce(1, (a, b) -> a * b);
            return new Value(op(Op.FLATTEN, name, Map.of("axis", 1), x.ref), new int[] {size});
        }
        if (m instanceof DropoutLayer) {
            return x;
        }
        if (m instanceof Dense) {
            Tensor w = param(m, "weight", name);
            if (x.shape.length != 1 || x.shape[0] != w.dim(1)) {
                throw new UnsupportedOperationException("ONNX export: layer '" + name + "' (Dense " + w.dim(1) + " -> "
                        + w.dim(0) + ") gets per-sample shape " + Arrays.toString(x.shape) + "; only (N, features) is exported");
            }
            List<ONNXRef<?>> in = new ArrayList<>(List.of(x.ref, tensor(name + ".weight", w)));
            Tensor b = m.namedParameters().get("bias");
            if (b != null) {
                in.add(tensor(name + ".bias", b));
            }
            return new Value(op(Op.GEMM, name, Map.of("transB", 1), in), new int[] {w.dim(0)});
        }
        if (m instanceof Conv conv) {
            Tensor w = param(m, "weight", name);
            int k = w.dim(2);
            requireImage(name, "Conv", x, w.dim(1));
            int[] pads = pads(conv.padding(), x.shape, k, conv.stride());
            List<ONNXRef<?>> in = new ArrayList<>(List.of(x.ref, tensor(name + ".weight", w)));
            Tensor b = m.namedParameters().get("bias");
            if (b != null) {
                in.add(tensor(name + ".bias", b));
            }
            Map<String, Object> attributes = Map.of("kernel_shape", new int[] {k, k},
                    "strides", new int[] {conv.stride(), conv.stride()}, "pads", pads);
            return new Value(op(Op.CONV, name, attributes, in), new int[] {w.dim(0),
                    conv.padding().outputLength(x.shape[1], k, conv.stride()),
                    conv.padding().outputLength(x.shape[2], k, conv.stride())});
        }
        if (m instanceof Pool pool) {
            requireImage(name, "Pool", x, x.shape.length == 3 ? x.shape[0] : -1);
            int k = pool.size();
            int s = pool.stride();
            int[] pads = pads(pool.padding(), x.shape, k, s);
            int[] shape = {x.shape[0], pool.padding().outputLength(x.shape[1], k, s),
                    pool.padding().outputLength(x.shape[2], k, s)};
            if (pool.kind() == Pool.Kind.MAX) {
                return new Value(op(Op.MAX_POOL, name, Map.of("kernel_shape", new int[] {k, k},
                        "strides", new int[] {s, s}, "pads", pads), x.ref), shape);
            }
            return new Value(op(Op.AVERAGE_POOL, name, Map.of("kernel_shape", new int[] {k, k},
                    "strides", new int[] {s, s}, "pads", pads, "count_include_pad", 0), x.ref), shape);
        }
        if (m instanceof GlobalAveragePool) {
            requireImage(name, "GlobalAveragePool", x, x.shape.length == 3 ? x.shape[0] : -1);
            ONNXRef<?> pooled = op(Op.GLOBAL_AVERAGE_POOL, name, Map.of(), x.ref);
            return new Value(op(Op.FLATTEN, name + ".flatten", Map.of("axis", 1), pooled), new int[] {x.shape[0]});
        }
        if (m instanceof EraActivation era) {
            return x.with(era(name, era, x));
        }
        if (m instanceof Activation activation) {
            return x.with(activation(name, activation.name(), x.ref));
        }
        if (m instanceof NormLayer norm && (m instanceof LayerNorm || m instanceof InstanceNorm || m instanceof BatchNorm)) {
            return x.with(norm(name, norm, x));
        }
        throw new UnsupportedOperationException("ONNX export: layer '" + name + "' (" + m.getClass().getSimpleName()
                + ") is not supported; supported: Sequential, Flatten, Dense, Conv, Pool, GlobalAveragePool,"
                + " LayerNorm, InstanceNorm, BatchNorm, DropoutLayer, EraActivation and the fixed activations");
    }

    private static void requireImage(String name, String kind, Value x, int channels) {
        if (x.shape.length != 3 || (channels >= 0 && x.shape[0] != channels)) {
            throw new UnsupportedOperationException("ONNX export: layer '" + name + "' (" + kind + ") needs (N, "
                    + (channels >= 0 ? channels : "C") + ", H, W) input, gets per-sample shape " + Arrays.toString(x.shape));
        }
    }

    /** ONNX pads {@code [top, left, bottom, right]} matching {@link Padding}. */
    private static int[] pads(Padding padding, int[] chw, int k, int stride) {
        int top = padding.before(chw[1], k, stride);
        int left = padding.before(chw[2], k, stride);
        int bottom = padding == Padding.VALID ? 0
                : Math.max((padding.outputLength(chw[1], k, stride) - 1) * stride + k - chw[1], 0) - top;
        int right = padding == Padding.VALID ? 0
                : Math.max((padding.outputLength(chw[2], k, stride) - 1) * stride + k - chw[2], 0) - left;
        return new int[] {top, left, bottom, right};
    }

    private static Tensor param(Module m, String key, String name) {
        Tensor t = m.namedParameters().get(key);
        if (t == null) {
            throw new IllegalStateException("ONNX export: layer '" + name + "' has no parameter '" + key + "'");
        }
        return t;
    }

    private ONNXInitializer tensor(String name, Tensor t) {
        return tensor(name, t.data(), t.shape());
    }

    private ONNXInitializer tensor(String name, float[] data, int... shape) {
        List<Integer> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d);
        }
        float[] copy = data.clone();
        return context.floatTensor(name, dims, buffer -> buffer.put(copy));
    }

    private ONNXRef<?> op(Op op, String name, Map<String, Object> attributes, ONNXRef<?>... inputs) {
        return op(op, name, attributes, List.of(inputs));
    }

    private ONNXRef<?> op(Op op, String name, Map<String, Object> attributes, List<ONNXRef<?>> inputs) {
        return context.operation(op, inputs, name + "/" + op.getOpName() + "_" + (nodes++), attributes);
    }

    private ONNXRef<?> op(Op op, String name, ONNXRef<?>... inputs) {
        return op(op, name, Map.of(), inputs);
    }

    private ONNXRef<?> era(String name, EraActivation era, Value x) {
        EraSpec spec = era.spec();
        ParameterSharing sharing = era.sharing();
        float[] sets = era.parameterSets().data();
        int p = spec.parameterCount();
        int[] shape;
        int channels;
        if (sharing.mode() == ParameterSharing.Mode.LAYER) {
            shape = new int[0];
            channels = 1;
        } else {
            channels = sharing.channels();
            boolean first = sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST;
            int actual = first ? (x.shape.length >= 1 ? x.shape[0] : -1) : x.shape[x.shape.length - 1];
            if (actual != channels) {
                throw new UnsupportedOperationException("ONNX export: layer '" + name + "' (EraActivation, " + sharing
                        + ") gets per-sample shape " + Arrays.toString(x.shape));
            }
            shape = new int[first ? x.shape.length : 1];
            Arrays.fill(shape, 1);
            shape[0] = channels;
        }
        // parameter k of every channel, as a scalar (layer) or a broadcastable [C] / [C,1,...] tensor
        java.util.function.IntFunction<ONNXRef<?>> parameter = k -> {
            float[] values = new float[channels];
            for (int ch = 0; ch < channels; ch++) {
                int set = sharing.mode() == ParameterSharing.Mode.LAYER ? 0 : sharing.setOf(ch);
                values[ch] = sets[set * p + k];
            }
            return shape.length == 0 ? context.constant(name + "." + EraLayout.name(k), values[0])
                    : tensor(name + "." + EraLayout.name(k), values, shape);
        };
        ONNXRef<?> in = x.ref;
        ONNXRef<?> y = op(Op.ADD, name, op(Op.MUL, name, parameter.apply(EraLayout.A), in), parameter.apply(EraLayout.B));
        ONNXRef<?> eps = context.constant(name + ".eps", spec.eps());
        for (int i = 0; i < spec.fractions(); i++) {
            ONNXRef<?> r = op(Op.ADD, name, op(Op.MUL, name, parameter.apply(EraLayout.c(i)), in),
                    parameter.apply(EraLayout.d(i)));
            ONNXRef<?> t = op(Op.SUB, name, in, parameter.apply(EraLayout.e(i)));
            ONNXRef<?> f = parameter.apply(EraLayout.f(i));
            ONNXRef<?> q = op(Op.ADD, name, op(Op.ADD, name, op(Op.MUL, name, t, t), op(Op.MUL, name, f, f)), eps);
            y = op(Op.ADD, name, y, op(Op.DIV, name, r, q));
        }
        return y;
    }

    private ONNXRef<?> activation(String name, String kind, ONNXRef<?> x) {
        switch (kind) {
            case "ReLU":
                return op(Op.RELU, name, x);
            case "Swish":
                return op(Op.MUL, name, x, op(Op.SIGMOID, name, x));
            case "tanh":
                return op(Op.TANH, name, x);
            case "sigmoid":
                return op(Op.SIGMOID, name, x);
            case "GELU": {
                ONNXRef<?> erf = op(Op.ERF, name, op(Op.MUL, name, x, context.constant(name + ".rsqrt2", (float) (1 / Math.sqrt(2)))));
                ONNXRef<?> onePlus = op(Op.ADD, name, erf, context.constant(name + ".one", 1f));
                return op(Op.MUL, name, op(Op.MUL, name, x, context.constant(name + ".half", 0.5f)), onePlus);
            }
            case "GELU(tanh)": {
                ONNXRef<?> cube = op(Op.MUL, name, op(Op.MUL, name, x, x), x);
                ONNXRef<?> inner = op(Op.ADD, name, x, op(Op.MUL, name, cube, context.constant(name + ".k", 0.044715f)));
                ONNXRef<?> tanh = op(Op.TANH, name, op(Op.MUL, name, inner,
                        context.constant(name + ".sqrt2pi", (float) Math.sqrt(2 / Math.PI))));
                ONNXRef<?> onePlus = op(Op.ADD, name, tanh, context.constant(name + ".one", 1f));
                return op(Op.MUL, name, op(Op.MUL, name, x, context.constant(name + ".half", 0.5f)), onePlus);
            }
            default:
                if (kind.startsWith("LeakyReLU(") && kind.endsWith(")")) {
                    float slope = Float.parseFloat(kind.substring("LeakyReLU(".length(), kind.length() - 1));
                    return op(Op.LEAKY_RELU, name, Map.of("alpha", slope), x);
                }
                throw new UnsupportedOperationException("ONNX export: layer '" + name + "' (Activation " + kind
                        + ") is not supported; supported: ReLU, LeakyReLU, Swish, GELU, GELU(tanh), tanh, sigmoid");
        }
    }

    private ONNXRef<?> norm(String name, NormLayer norm, Value x) {
        int rank = x.shape.length + 1;
        ONNXRef<?> standardized;
        ONNXRef<?> eps = context.constant(name + ".eps", norm.eps());
        if (norm instanceof BatchNorm) {
            Map<String, float[]> buffers = norm.namedBuffers();
            int[] statShape = norm.images() ? new int[] {norm.channels(), 1, 1} : new int[] {norm.channels()};
            ONNXRef<?> mean = tensor(name + ".running_mean", buffers.get("running_mean"), statShape);
            ONNXRef<?> variance = tensor(name + ".running_var", buffers.get("running_var"), statShape);
            standardized = op(Op.DIV, name, op(Op.SUB, name, x.ref, mean),
                    op(Op.SQRT, name, op(Op.ADD, name, variance, eps)));
        } else {
            int[] axes;
            if (norm instanceof InstanceNorm) {
                axes = new int[] {2, 3};
            } else if (norm.images()) {
                axes = new int[] {1, 2, 3};
            } else {
                axes = new int[] {rank - 1};
            }
            Map<String, Object> reduce = Map.of("axes", axes, "keepdims", 1);
            ONNXRef<?> centred = op(Op.SUB, name, x.ref, op(Op.REDUCE_MEAN, name, reduce, x.ref));
            ONNXRef<?> variance = op(Op.REDUCE_MEAN, name, reduce, op(Op.MUL, name, centred, centred));
            standardized = op(Op.DIV, name, centred, op(Op.SQRT, name, op(Op.ADD, name, variance, eps)));
        }
        ONNXRef<?> scaled = op(Op.MUL, name, standardized, tensor(name + ".gamma", param(norm, "gamma", name)));
        return op(Op.ADD, name, scaled, tensor(name + ".beta", param(norm, "beta", name)));
    }
}
