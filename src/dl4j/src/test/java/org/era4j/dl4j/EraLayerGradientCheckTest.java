package org.era4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J's own GradientCheckUtil (central differences, double precision) on networks with the ERA layer. */
class EraLayerGradientCheckTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static INDArray oneHot(int rows, int classes, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, r.nextInt(classes), 1.0);
        }
        return labels;
    }

    private static void check(MultiLayerNetwork net, INDArray in, INDArray labels) {
        check(net, in, labels, false);
    }

    /** {@code subset}: at most 24 values of each parameter (all of the ERA's 30 but 6 here). */
    private static void check(MultiLayerNetwork net, INDArray in, INDArray labels, boolean subset) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(in)
                .labels(labels).subset(subset).maxPerParam(24).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertTrue(ok, "DL4J gradient check failed");
    }

    @Test
    void denseWithPerLayerSwishEra() {
        EraLayer era = EraLayer.builder().fractions(2).init("swish").build();
        MultiLayerNetwork net = Nets.init(Nets.mlp(DataType.DOUBLE, 4, 5, 3, era, false));
        assertEquals(10, net.getLayer(1).numParams());
        Nd4j.getRandom().setSeed(1);
        check(net, Nd4j.randn(DataType.DOUBLE, 6, 4), oneHot(6, 3, 2));
    }

    @Test
    void densePerChannelRandomEra() {
        EraLayer era = EraLayer.builder().fractions(3).random(7).perChannel(5).build();
        MultiLayerNetwork net = Nets.init(Nets.mlp(DataType.DOUBLE, 4, 5, 3, era, false));
        assertEquals(5 * 14, net.getLayer(1).numParams());
        Nd4j.getRandom().setSeed(3);
        check(net, Nd4j.randn(DataType.DOUBLE, 6, 4), oneHot(6, 3, 4));
    }

    @Test
    void convolutionPerChannelGeluEra() {
        EraLayer era = EraLayer.builder().init("gelu").perChannel().build();
        MultiLayerNetwork net = Nets.init(Nets.cnn(DataType.DOUBLE, era, 3));
        assertEquals(3, ((EraLayer) net.getLayer(1).conf().getLayer()).getChannels(), "channels inferred");
        Nd4j.getRandom().setSeed(5);
        check(net, Nd4j.randn(DataType.DOUBLE, 2, 64), oneHot(2, 3, 6), true);
    }

    @Test
    void computationGraphWithReluEra() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("era", EraLayer.builder().init("relu").perChannel().build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "era")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(3))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        assertEquals(4 * 10, graph.getLayer("era").numParams());
        Nd4j.getRandom().setSeed(7);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {Nd4j.randn(DataType.DOUBLE, 5, 3)})
                .labels(new INDArray[] {oneHot(5, 3, 8)})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertTrue(ok, "DL4J gradient check on a ComputationGraph failed");
    }
}
