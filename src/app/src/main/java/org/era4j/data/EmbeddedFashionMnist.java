package org.era4j.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stratified Fashion-MNIST subset committed with era4j (resources
 * {@code org/era4j/data/fashion-mnist-subset/}): {@value #TRAIN_PER_CLASS} training and
 * {@value #TEST_PER_CLASS} test images per class, drawn with seed {@value #SEED} by
 * {@code era data subset} from the full data set (see the README beside the files). It lets the
 * main job run on a machine that has no data installed. Fashion-MNIST is MIT-licensed by Zalando SE.
 */
public final class EmbeddedFashionMnist {

    public static final int TRAIN_PER_CLASS = 1000;
    public static final int TEST_PER_CLASS = 200;
    public static final long SEED = 2022;
    public static final int CLASSES = 10;

    static final String RESOURCE_DIRECTORY = "/org/era4j/data/fashion-mnist-subset/";

    private EmbeddedFashionMnist() {
    }

    /** Loads the subset from the class path. */
    public static TrainTestData load() throws IOException {
        Dataset train = read("train", DataDirectory.IDX_FILES.get(0), DataDirectory.IDX_FILES.get(1));
        Dataset test = read("test", DataDirectory.IDX_FILES.get(2), DataDirectory.IDX_FILES.get(3));
        return new TrainTestData(train, test, "embedded Fashion-MNIST subset");
    }

    private static Dataset read(String split, String images, String labels) throws IOException {
        return IdxReader.toDataset(resource(images + ".gz"), resource(labels + ".gz"), CLASSES,
                split + " (embedded Fashion-MNIST subset)");
    }

    private static IdxArray resource(String file) throws IOException {
        String path = RESOURCE_DIRECTORY + file;
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("class path resource " + path + ": missing (the era4j jar is incomplete)");
            }
            return IdxReader.read(in, "class path resource " + path, -1);
        }
    }
}
