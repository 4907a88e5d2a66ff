package org.era4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J network with the ERA layer trains on the Fashion-MNIST subset bundled with era4j-app
 * (read straight from its resources; 10 000 training, 2 000 test images): 784-64-ERA(per channel,
 * Swish fit)-10, Adam 3e-3, batch 100, one epoch = 100 steps, seeded. Reached 0.79 test accuracy
 * when written (chance: 0.10); the test asks for 0.70.
 */
class FashionMnistTrainingTest {

    static final Path DATA = Path.of("../app/src/main/resources/org/era4j/data/fashion-mnist-subset");

    static INDArray images(String file) throws IOException {
        try (DataInputStream in = open(file)) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + ": not an IDX image file");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] bytes = in.readNBytes(n * rows * cols);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return Nd4j.create(pixels, new long[] {n, (long) rows * cols}, 'c');
        }
    }

    static INDArray labels(String file) throws IOException {
        try (DataInputStream in = open(file)) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + ": not an IDX label file");
            }
            int n = in.readInt();
            byte[] bytes = in.readNBytes(n);
            INDArray out = Nd4j.zeros(DataType.FLOAT, n, 10);
            for (int i = 0; i < n; i++) {
                out.putScalar(i, bytes[i], 1f);
            }
            return out;
        }
    }

    private static DataInputStream open(String file) throws IOException {
        InputStream raw = Files.newInputStream(DATA.resolve(file));
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)));
    }

    @Test
    void trainsWellAboveChanceInAFixedBudget() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        INDArray trainX = images("train-images-idx3-ubyte.gz");
        INDArray trainY = labels("train-labels-idx1-ubyte.gz");
        INDArray testX = images("t10k-images-idx3-ubyte.gz");
        INDArray testY = labels("t10k-labels-idx1-ubyte.gz");
        DataSet train = new DataSet(trainX, trainY);
        train.shuffle(2022);

        EraLayer era = EraLayer.builder().init("swish").perChannel().build();
        MultiLayerConfiguration conf = Nets.mlp(DataType.FLOAT, 784, 64, 10, era, true);
        MultiLayerNetwork net = Nets.init(conf);
        int batch = 100;
        EraLayerImpl.resetActivationCopies();
        long start = System.nanoTime();
        for (int from = 0; from < train.numExamples(); from += batch) {
            net.fit(new DataSet(train.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    train.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch),
                            org.nd4j.linalg.indexing.NDArrayIndex.all())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation eval = new Evaluation(10);
        eval.eval(testY, net.output(testX));
        System.out.printf("DL4J + ERA on the Fashion-MNIST subset: %d steps of %d in %.1f s, test accuracy %.4f,"
                + " ERA activation copies %d%n",
                train.numExamples() / batch, batch, seconds, eval.accuracy(), EraLayerImpl.activationCopies());
        assertTrue(eval.accuracy() > 0.70, "test accuracy " + eval.accuracy() + " (chance 0.10)");
    }
}
