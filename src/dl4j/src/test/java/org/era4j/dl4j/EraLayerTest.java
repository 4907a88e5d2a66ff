package org.era4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackends;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Values against era4j, copies counted, JSON and ModelSerializer round trips, clear errors. */
class EraLayerTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static Layer single(EraLayer era, long features, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).list()
                .layer(era).setInputType(InputType.feedForward(features)).build();
        MultiLayerNetwork net = Nets.init(conf);
        net.initGradientsView();
        return net.getLayer(0);
    }

    private static INDArray activate(Layer layer, INDArray x) {
        return layer.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
    }

    @Test
    void floatForwardIsTheKernelsOnNd4jMemoryWithoutCopies() {
        EraSpec spec = EraSpec.of(2);
        float[] p = EraInitializer.fitted(ActivationTarget.swish(), spec);
        Layer layer = single(EraLayer.builder().init("swish").build(), 37, DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 53, 37).subi(0.5).muli(10);
        float[] xs = x.data().asFloat();
        float[] expected = new float[xs.length];
        try (EraBackend backend = EraBackends.defaultBackend()) {
            backend.forward(spec, p, 0, xs, 0, expected, 0, xs.length);
        }
        EraLayerImpl.resetActivationCopies();
        INDArray y = activate(layer, x);
        assertEquals(0, EraLayerImpl.activationCopies(), "contiguous float input must not be copied");
        assertArrayEquals(expected, y.dup('c').data().asFloat(), "bitwise the kernel's values");

        // backward: dx and the parameter gradient as the kernel gives them, no copies
        INDArray eps = Nd4j.rand(DataType.FLOAT, 53, 37);
        float[] dx = new float[xs.length];
        float[] dp = new float[p.length];
        try (EraBackend backend = EraBackends.defaultBackend()) {
            backend.backward(spec, p, 0, xs, 0, eps.data().asFloat(), 0, dx, 0, dp, 0, xs.length);
        }
        layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> g = layer.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(0, EraLayerImpl.activationCopies());
        assertArrayEquals(dx, g.getSecond().dup('c').data().asFloat());
        assertArrayEquals(dp, g.getFirst().getGradientFor(EraParamInitializer.PARAM_KEY).dup('c').data().asFloat());
    }

    @Test
    void contiguousViewWithOffsetIsUsedInPlace() {
        Layer layer = single(EraLayer.builder().init("gelu").build(), 8, DataType.FLOAT);
        INDArray big = Nd4j.rand(DataType.FLOAT, 10, 8).subi(0.5).muli(6);
        INDArray rows = big.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all());
        assertTrue(rows.offset() > 0);
        EraLayerImpl.resetActivationCopies();
        INDArray y = activate(layer, rows);
        assertEquals(0, EraLayerImpl.activationCopies());
        assertArrayEquals(activate(layer, rows.dup()).data().asFloat(), y.dup('c').data().asFloat());
        assertReference(EraSpec.of(2), EraInitializer.fitted(ActivationTarget.gelu(), EraSpec.of(2)), rows, y, 1);
    }

    @Test
    void stridedViewsAndWrongOrderAreCopiedAndCounted() {
        EraSpec spec = EraSpec.of(2);
        Layer layer = single(EraLayer.builder().init("swish").build(), 4, DataType.FLOAT);
        INDArray big = Nd4j.rand(DataType.FLOAT, 6, 8).subi(0.5).muli(6);
        INDArray everyOther = big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8));
        EraLayerImpl.resetActivationCopies();
        INDArray y = activate(layer, everyOther);
        assertEquals(1, EraLayerImpl.activationCopies(), "a strided view needs one copy");
        assertReference(spec, EraInitializer.fitted(ActivationTarget.swish(), spec), everyOther, y, 1);

        // per-channel dense activations: columns must be contiguous ('f'); 'c' input costs one copy
        float[] sets = new float[4 * spec.parameterCount()];
        for (int s = 0; s < 4; s++) {
            System.arraycopy(EraInitializer.random(spec, 100 + s), 0, sets, s * spec.parameterCount(), spec.parameterCount());
        }
        Layer perChannel = single(EraLayer.builder().random(100).perChannel().build(), 4, DataType.FLOAT);
        INDArray c = Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5).muli(6);
        EraLayerImpl.resetActivationCopies();
        INDArray yc = activate(perChannel, c);
        assertEquals(1, EraLayerImpl.activationCopies());
        assertReference(spec, sets, c, yc, 4);
        INDArray f = c.dup('f');
        EraLayerImpl.resetActivationCopies();
        INDArray yf = activate(perChannel, f);
        assertEquals(0, EraLayerImpl.activationCopies(), "'f' order dense activations are used in place");
        assertArrayEquals(yc.dup('c').data().asFloat(), yf.dup('c').data().asFloat());
    }

    /** y[i, j] against the float64 reference with set j % sets. */
    private static void assertReference(EraSpec spec, float[] sets, INDArray x, INDArray y, int setCount) {
        int p = spec.parameterCount();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                int s = setCount == 1 ? 0 : j;
                double[] d = EraReference.toDouble(spec, sets, s * p);
                double v = x.getDouble(i, j);
                double want = EraReference.value(spec, d, 0, v);
                double scale = EraReference.valueScale(spec, d, 0, v);
                assertEquals(want, y.getDouble(i, j), 64 * 0x1p-24 * scale, "at " + i + "," + j);
            }
        }
    }

    @Test
    void doubleNetworksUseTheFloat64Reference() {
        EraSpec spec = EraSpec.of(3);
        Layer layer = single(EraLayer.builder().fractions(3).random(9).build(), 5, DataType.DOUBLE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5).muli(8);
        INDArray y = activate(layer, x);
        assertEquals(DataType.DOUBLE, y.dataType());
        double[] p = EraReference.toDouble(spec, EraInitializer.random(spec, 9), 0);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(EraReference.value(spec, p, 0, x.getDouble(i, j)), y.getDouble(i, j), 0.0);
            }
        }
    }

    @Test
    void badInputGivesClearErrors() {
        IllegalArgumentException init = assertThrows(IllegalArgumentException.class,
                () -> EraLayer.builder().init("swishy"));
        assertTrue(init.getMessage().contains("swishy"), init.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EraLayer.builder().fractions(0).build());
        assertThrows(IllegalArgumentException.class, () -> EraLayer.builder().perChannel(0));

        Layer perChannel = single(EraLayer.builder().perChannel().name("era0").build(), 4, DataType.FLOAT);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> activate(perChannel, Nd4j.rand(DataType.FLOAT, 3, 5)));
        assertTrue(shape.getMessage().contains("era0") && shape.getMessage().contains("4 per-channel"),
                shape.getMessage());

        IllegalStateException channels = assertThrows(IllegalStateException.class,
                () -> EraLayer.builder().perChannel().build().sets());
        assertTrue(channels.getMessage().contains("channel count"), channels.getMessage());
    }

    @Test
    void jsonConfigurationRoundTrip() {
        EraLayer era = EraLayer.builder().name("era").fractions(3).eps(2e-3f).random(77).perChannel(6)
                .backend("scalar").build();
        MultiLayerConfiguration conf = Nets.mlp(DataType.FLOAT, 4, 6, 3, era, true);
        String json = conf.toJson();
        assertTrue(json.contains("org.era4j.dl4j.EraLayer"), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        EraLayer read = (EraLayer) back.getConf(1).getLayer();
        assertEquals(3, read.getFractions());
        assertEquals(2e-3f, read.getEps());
        assertEquals(EraLayer.RANDOM, read.getInit());
        assertEquals(77, read.getSeed());
        assertEquals(6, read.getChannels());
        assertTrue(read.isPerChannel());
        assertEquals("scalar", read.getBackend());

        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(4).build(), "in")
                .addLayer("era", EraLayer.builder().init("gelu").perChannel().build(), "dense")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "era")
                .setOutputs("out").setInputTypes(InputType.feedForward(3)).build();
        ComputationGraphConfiguration graphBack = ComputationGraphConfiguration.fromJson(graph.toJson());
        assertEquals(graph, graphBack);
        assertEquals(4, ((EraLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) graphBack.getVertices()
                .get("era")).getLayerConf().getLayer()).getChannels());
    }

    @Test
    void modelSerializerSaveAndLoadGivesBitwiseTheSameOutputs(@TempDir Path dir) throws Exception {
        EraLayer era = EraLayer.builder().init("swish").perChannel().build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.IDENTITY).build())
                .layer(era)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build();
        MultiLayerNetwork net = Nets.init(conf);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 6);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 3, 1f);
        }
        INDArray before = net.getLayer(1).getParam(EraParamInitializer.PARAM_KEY).dup();
        for (int i = 0; i < 5; i++) {
            net.fit(new DataSet(x, labels));
        }
        INDArray after = net.getLayer(1).getParam(EraParamInitializer.PARAM_KEY);
        assertNotEquals(before, after, "training moved the ERA parameters");

        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), loaded.getLayerWiseConfigurations());
        assertArrayEquals(net.params().data().asFloat(), loaded.params().data().asFloat());
        assertArrayEquals(net.output(x).data().asFloat(), loaded.output(x).data().asFloat());
        // the updater state came along: one more step is bitwise the same in both
        net.fit(new DataSet(x, labels));
        loaded.fit(new DataSet(x, labels));
        assertArrayEquals(net.output(x).data().asFloat(), loaded.output(x).data().asFloat());

        ComputationGraph graph = net.toComputationGraph();
        File graphFile = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(graph, graphFile, false);
        ComputationGraph graphLoaded = ModelSerializer.restoreComputationGraph(graphFile, false);
        assertArrayEquals(graph.outputSingle(x).data().asFloat(), graphLoaded.outputSingle(x).data().asFloat());
        assertArrayEquals(net.output(x).data().asFloat(), graphLoaded.outputSingle(x).data().asFloat());
    }
}
