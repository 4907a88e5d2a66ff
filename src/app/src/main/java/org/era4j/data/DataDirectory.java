package org.era4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises and loads a data directory in one of two layouts:
 *
 * <ul>
 *   <li>IDX (MNIST, Fashion-MNIST): {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}
 *       (the gzip file wins when both are there);</li>
 *   <li>CIFAR-10 binary: {@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code test_batch.bin},
 *       in the directory or in its {@code cifar-10-batches-bin} subdirectory.</li>
 * </ul>
 */
public final class DataDirectory {

    /** The four IDX files of a train/test split, without the optional {@code .gz}. */
    public static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Classes of MNIST and Fashion-MNIST. */
    public static final int IDX_CLASSES = 10;

    private static final String CIFAR_SUBDIRECTORY = "cifar-10-batches-bin";
    private static final int CIFAR_TRAIN_BATCHES = 5;

    private DataDirectory() {
    }

    /** True when {@code dir} holds all four IDX files or all six CIFAR-10 batches. */
    public static boolean isComplete(Path dir) {
        return idxFiles(dir).isPresent() || cifarDirectory(dir).isPresent();
    }

    /**
     * Loads the train and test sets of {@code dir}.
     *
     * @throws IOException when neither layout is complete there (the message names what is missing)
     *                     or a file fails its checks
     */
    public static TrainTestData load(Path dir, String origin) throws IOException {
        Optional<List<Path>> idx = idxFiles(dir);
        if (idx.isPresent()) {
            List<Path> f = idx.get();
            Dataset train = IdxReader.readDataset(f.get(0), f.get(1), IDX_CLASSES, "train (" + dir + ")");
            Dataset test = IdxReader.readDataset(f.get(2), f.get(3), IDX_CLASSES, "test (" + dir + ")");
            return new TrainTestData(train, test, origin);
        }
        Optional<Path> cifar = cifarDirectory(dir);
        if (cifar.isPresent()) {
            Path c = cifar.get();
            List<Path> trainBatches = new ArrayList<>();
            for (int k = 1; k <= CIFAR_TRAIN_BATCHES; k++) {
                trainBatches.add(c.resolve("data_batch_" + k + ".bin"));
            }
            Dataset train = Cifar10Reader.read(trainBatches, "train (" + c + ")");
            Dataset test = Cifar10Reader.read(List.of(c.resolve("test_batch.bin")), "test (" + c + ")");
            return new TrainTestData(train, test, origin);
        }
        throw new IOException(origin + ": " + (Files.isDirectory(dir) ? "holds neither" : "is not a directory with")
                + " the IDX files " + IDX_FILES + " (each raw or .gz) nor the CIFAR-10 binary batches "
                + "data_batch_1.bin..data_batch_5.bin and test_batch.bin");
    }

    private static Optional<List<Path>> idxFiles(Path dir) {
        List<Path> found = new ArrayList<>();
        for (String base : IDX_FILES) {
            Path gz = dir.resolve(base + ".gz");
            Path raw = dir.resolve(base);
            if (Files.isRegularFile(gz)) {
                found.add(gz);
            } else if (Files.isRegularFile(raw)) {
                found.add(raw);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(found);
    }

    private static Optional<Path> cifarDirectory(Path dir) {
        for (Path candidate : List.of(dir, dir.resolve(CIFAR_SUBDIRECTORY))) {
            boolean complete = Files.isRegularFile(candidate.resolve("test_batch.bin"));
            for (int k = 1; k <= CIFAR_TRAIN_BATCHES && complete; k++) {
                complete = Files.isRegularFile(candidate.resolve("data_batch_" + k + ".bin"));
            }
            if (complete) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
