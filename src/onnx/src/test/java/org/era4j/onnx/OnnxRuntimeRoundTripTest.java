package org.era4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Padding;
import org.era4j.autograd.Tensor;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.BatchNorm;
import org.era4j.nn.Conv;
import org.era4j.nn.Dense;
import org.era4j.nn.Flatten;
import org.era4j.nn.GlobalAveragePool;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.Module;
import org.era4j.nn.NormKind;
import org.era4j.nn.Pool;
import org.era4j.nn.Sequential;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exports era4j models, runs them in ONNX Runtime for Java and compares with era4j's own forward
 * pass on the Fashion-MNIST subset's test images: logits within {@value #TOLERANCE} (absolute, plus
 * the same relative to the logit), the same predicted class on every image.
 */
class OnnxRuntimeRoundTripTest {

    static final double TOLERANCE = 2e-4;
    static final Path DATA = Path.of("../app/src/main/resources/org/era4j/data/fashion-mnist-subset");
    static final Set<String> ELEMENTARY = Set.of("Add", "Sub", "Mul", "Div", "Sqrt", "Tanh", "Sigmoid", "Relu",
            "Erf", "Identity", "LeakyRelu", "Flatten", "Gemm", "Conv", "MaxPool", "AveragePool",
            "GlobalAveragePool", "ReduceMean");

    static float[] images;
    static int count;

    @BeforeAll
    static void readTestImages() throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(DATA.resolve("t10k-images-idx3-ubyte.gz")))))) {
            assertEquals(0x803, in.readInt());
            count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            byte[] bytes = in.readNBytes(count * pixels);
            images = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                images[i] = (bytes[i] & 0xff) / 255f;
            }
        }
        assertEquals(2000, count);
    }

    /** Moves every parameter a little (seeded) so that sets, channels and norms all differ. */
    static void perturb(Module model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Tensor t : model.parameters()) {
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] += (float) (random.nextDouble(-0.1, 0.1) * (t.name().endsWith("era") ? 1 : 0.5));
            }
        }
    }

    static float[] era4j(Module model, int from, int n) {
        model.eval();
        float[] x = java.util.Arrays.copyOfRange(images, from * 784, (from + n) * 784);
        try (ExecutionContext context = ExecutionContext.cpu(2); GradMode.Scope s = GradMode.disabled()) {
            return model.forward(context, Tensor.of(x, n, 1, 28, 28)).data().clone();
        }
    }

    static float[] onnxRuntime(OnnxMl.ModelProto proto, int from, int n, int[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(proto.toByteArray(), options)) {
                long[] dims = new long[shape.length + 1];
                dims[0] = n;
                for (int i = 0; i < shape.length; i++) {
                    dims[i + 1] = shape[i];
                }
                int size = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                FloatBuffer buffer = FloatBuffer.wrap(images, from * size, n * size).slice();
                try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, dims);
                     OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                    FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] logits = new float[out.remaining()];
                    out.get(logits);
                    return logits;
                }
            }
        }
    }

    /** Compares on {@code n} images from the start; returns the largest absolute difference. */
    static double compare(String what, Module model, int n) throws OrtException {
        int[] shape = {1, 28, 28};
        OnnxMl.ModelProto proto = OnnxExport.export(model, shape, what);
        for (OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
            assertTrue(ELEMENTARY.contains(node.getOpType()) && node.getDomain().isEmpty(),
                    "non-standard operator " + node.getDomain() + ":" + node.getOpType());
        }
        float[] expected = era4j(model, 0, n);
        float[] actual = onnxRuntime(proto, 0, n, shape);
        assertEquals(expected.length, actual.length);
        int classes = expected.length / n;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            int want = 0;
            int got = 0;
            for (int k = 0; k < classes; k++) {
                int j = i * classes + k;
                double diff = Math.abs(expected[j] - actual[j]);
                worst = Math.max(worst, diff);
                assertTrue(diff <= TOLERANCE * (1 + Math.abs(expected[j])),
                        what + ": image " + i + " logit " + k + ": era4j " + expected[j] + ", ORT " + actual[j]);
                if (expected[j] > expected[i * classes + want]) {
                    want = k;
                }
                if (actual[j] > actual[i * classes + got]) {
                    got = k;
                }
            }
            assertEquals(want, got, what + ": predicted class of image " + i);
        }
        System.out.printf("ONNX Runtime vs era4j, %s, %d images: max |logit difference| %.3g%n", what, n, worst);
        return worst;
    }

    static ActivationFactory era(ActivationFactory.EraSharing sharing) {
        EraSpec spec = EraSpec.of(2);
        return ActivationFactory.era(spec, sharing, 4, EraInitializer.fitted(ActivationTarget.swish(), spec));
    }

    @Test
    void fcnWithPerChannelEraAndLayerNorm() throws OrtException {
        Sequential fcn = Models.fcn(new int[] {1, 28, 28}, 10, NormKind.LAYER, LearnableAxes.PER_CHANNEL,
                era(ActivationFactory.EraSharing.CHANNEL), 1);
        perturb(fcn, 1);
        compare("FCN, per-channel ERA, layer norm", fcn, count);
    }

    @Test
    void cnnWithPerChannelEraAndInstanceNorm() throws OrtException {
        Sequential cnn = Models.cnn(new int[] {1, 28, 28}, 10, NormKind.INSTANCE, LearnableAxes.PER_CHANNEL,
                era(ActivationFactory.EraSharing.CHANNEL), 2);
        perturb(cnn, 2);
        compare("CNN, per-channel ERA, instance norm", cnn, 200);
    }

    @Test
    void everyFixedActivationAndTheOtherLayers() throws OrtException {
        SplittableRandom r = new SplittableRandom(3);
        Sequential net = new Sequential()
                .add("conv", new Conv(1, 8, 3, 2, Padding.SAME, true, r))
                .add("bn", new BatchNorm(8, true, LearnableAxes.PER_CHANNEL, 1e-3f, 0.9f))
                .add("era_group", era(ActivationFactory.EraSharing.GROUP).create(8, ChannelLayout.CHANNELS_FIRST))
                .add("avg", new Pool(Pool.Kind.AVERAGE, 3, 2, Padding.SAME))
                .add("conv2", new Conv(8, 6, 3, 1, Padding.VALID, false, r))
                .add("gelu", ActivationFactory.geluExact().create(6, ChannelLayout.CHANNELS_FIRST))
                .add("ln", NormKind.LAYER.create(6, true, LearnableAxes.SCALAR))
                .add("gap", new GlobalAveragePool())
                .add("tanh", ActivationFactory.tanh().create(6, ChannelLayout.CHANNELS_LAST))
                .add("d1", new Dense(6, 12, true, r))
                .add("gelu_tanh", ActivationFactory.geluTanh().create(12, ChannelLayout.CHANNELS_LAST))
                .add("leaky", ActivationFactory.leakyRelu(0.1f).create(12, ChannelLayout.CHANNELS_LAST))
                .add("swish", ActivationFactory.swish().create(12, ChannelLayout.CHANNELS_LAST))
                .add("era_layer", era(ActivationFactory.EraSharing.LAYER).create(12, ChannelLayout.CHANNELS_LAST))
                .add("relu", ActivationFactory.relu().create(12, ChannelLayout.CHANNELS_LAST))
                .add("sigmoid", ActivationFactory.sigmoid().create(12, ChannelLayout.CHANNELS_LAST))
                .add("logits", new Dense(12, 10, true, r));
        perturb(net, 4);
        // running statistics that are not the initial 0 and 1
        float[] mean = net.namedBuffers().get("bn.running_mean");
        float[] variance = net.namedBuffers().get("bn.running_var");
        for (int c = 0; c < 8; c++) {
            mean[c] = 0.05f * c;
            variance[c] = 0.5f + 0.1f * c;
        }
        compare("mixed layers and every fixed activation", net, 500);
    }

    @Test
    void unsupportedLayersAreNamed() {
        Sequential net = new Sequential().add("flatten", new Flatten())
                .add("weird", new Module() {
                    @Override
                    public Tensor forward(ExecutionContext context, Tensor input) {
                        return input;
                    }
                });
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> OnnxExport.export(net, new int[] {1, 28, 28}, "bad"));
        assertTrue(e.getMessage().contains("'weird'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.export(net, new int[0], "bad"));
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.export(null, new int[] {1}, "bad"));
    }

    @Test
    void writesAFileThatOnnxRuntimeOpens(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Sequential fcn = Models.fcn(new int[] {1, 28, 28}, 10, NormKind.NONE, LearnableAxes.PER_CHANNEL,
                era(ActivationFactory.EraSharing.LAYER), 5);
        Path file = dir.resolve("sub/model.onnx");
        OnnxExport.write(fcn, new int[] {1, 28, 28}, "fcn", file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(Set.of(OnnxExport.INPUT), session.getInputNames());
            assertEquals("[-1, 1, 28, 28]", java.util.Arrays.toString(
                    ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(OnnxExport.INPUT).getInfo()).getShape()));
        }
    }
}
