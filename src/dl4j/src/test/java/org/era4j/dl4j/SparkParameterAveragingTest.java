package org.era4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * dl4j-spark (1.0.0-M2, the last published for Scala 2.12) with the ERA layer: a local[2] Spark
 * context trains 20-16-ERA(per channel, Swish fit)-2 with parameter averaging (two workers,
 * averaging after every 2 minibatches, 3 epochs over 800 examples); the ERA parameters move, and
 * both Spark tasks, rebuilding the network from the configuration JSON and the broadcast averaged
 * parameters, hold the driver's ERA parameters and compute the driver's outputs bitwise.
 *
 * <p>JDK 25 needs: Spark 3.5.3 (3.1.2, which dl4j-spark's pom names, fails in Spark's
 * {@code Platform} on {@code DirectByteBuffer(long,int)}), scala-library 2.12.20 (2.12.14 fails
 * to deserialise lambdas), {@code SPARK_USER} set (else Hadoop 3.3's {@code Subject.getSubject}
 * throws) and the {@code --add-opens} of Spark's launcher; all set in this module's pom.
 */
class SparkParameterAveragingTest {

    @Test
    void parameterAveragingTrainsTheEraLayerAndEveryWorkerHoldsTheSameParameters() {
        Random random = new Random(7);
        int in = 20;
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            float[] x = new float[20 * in];
            float[] y = new float[20 * 2];
            for (int i = 0; i < 20; i++) {
                int label = random.nextInt(2);
                for (int j = 0; j < in; j++) {
                    x[i * in + j] = (float) (random.nextGaussian() + (j < 5 ? (label == 0 ? -1 : 1) : 0));
                }
                y[i * 2 + label] = 1;
            }
            batches.add(new DataSet(Nd4j.create(x, 20, in), Nd4j.create(y, 20, 2)));
        }
        MultiLayerConfiguration conf = Nets.mlp(DataType.FLOAT, in, 16, 2,
                EraLayer.builder().fractions(2).init("swish").perChannel(16).build(), true);
        float[] initialEra = Nets.init(conf).getLayer(1).getParam("era").dup().data().asFloat();

        SparkConf sparkConf = new SparkConf().setMaster("local[2]").setAppName("era4j-dl4j-spark")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
            JavaRDD<DataSet> data = sc.parallelize(batches, 2);
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(20)
                    .batchSizePerWorker(20).averagingFrequency(2).workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct).build();   // Export needs a Hadoop FileSystem (getSubject)
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, conf, master);
            double before = sparkNet.calculateScore(data, true);
            for (int epoch = 0; epoch < 3; epoch++) {
                sparkNet.fit(data);
            }
            double after = sparkNet.calculateScore(data, true);
            MultiLayerNetwork driver = sparkNet.getNetwork();
            float[] era = driver.getLayer(1).getParam("era").dup().data().asFloat();
            double moved = 0;
            for (int i = 0; i < era.length; i++) {
                moved = Math.max(moved, Math.abs(era[i] - initialEra[i]));
            }
            System.out.printf("dl4j-spark parameter averaging: score %.4f -> %.4f, max |ERA parameter change| %.4g%n",
                    before, after, moved);
            assertTrue(moved > 1e-4, "ERA parameters did not move: " + moved);
            assertTrue(after < before, "score " + before + " -> " + after);

            // each task rebuilds the network from JSON + broadcast parameters, reports its ERA
            // parameters and its outputs on the first batch
            Broadcast<String> json = sc.broadcast(conf.toJson());
            Broadcast<float[]> params = sc.broadcast(driver.params().dup().data().asFloat());
            Broadcast<float[]> probe = sc.broadcast(batches.get(0).getFeatures().dup().data().asFloat());
            List<float[][]> workers = sc.parallelize(List.of(0, 1), 2).map(task -> {
                MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json.value()));
                net.init(Nd4j.create(params.value()).reshape(1, params.value().length), true);
                float[] workerEra = net.getLayer(1).getParam("era").dup().data().asFloat();
                INDArray out = net.output(Nd4j.create(probe.value(), 20, 20));
                return new float[][] {workerEra, out.dup().data().asFloat(), {task}};
            }).collect();
            float[] driverOut = driver.output(batches.get(0).getFeatures()).dup().data().asFloat();
            assertEquals(2, workers.size());
            for (float[][] w : workers) {
                assertArrayEquals(era, w[0], "worker " + (int) w[2][0] + " ERA parameters");
                assertArrayEquals(driverOut, w[1], "worker " + (int) w[2][0] + " outputs");
            }
        }
    }
}
