package org.era4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}): records of 1 label byte in [0, 9] followed by 3,072 pixel bytes, the
 * red, green and blue 32 x 32 planes in row-major order, which is already (C, H, W).
 *
 * <p>Errors (missing file, empty file, a length that is not a multiple of 3,073 bytes, a label
 * outside [0, 9]) are {@link IOException}s whose message starts with the file's name.
 */
public final class Cifar10Reader {

    public static final int CLASSES = 10;
    public static final int CHANNELS = 3;
    public static final int SIDE = 32;
    /** Bytes per record: one label byte and a 3 x 32 x 32 image. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;

    private Cifar10Reader() {
    }

    /** Reads and concatenates {@code batches}, in the order given, into one data set named {@code name}. */
    public static Dataset read(List<Path> batches, String name) throws IOException {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(name + ": no CIFAR-10 batch files given");
        }
        long total = 0;
        for (Path file : batches) {
            total += recordCount(file);
        }
        int imageBytes = RECORD_BYTES - 1;
        if (total * imageBytes > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": " + total + " CIFAR-10 records do not fit in one array");
        }
        byte[] pixels = new byte[(int) (total * imageBytes)];
        int[] labels = new int[(int) total];
        int image = 0;
        for (Path file : batches) {
            byte[] bytes = Files.readAllBytes(file);
            int records = bytes.length / RECORD_BYTES;
            for (int r = 0; r < records; r++) {
                int label = bytes[r * RECORD_BYTES] & 0xFF;
                if (label >= CLASSES) {
                    throw new IOException(file + ": label " + label + " of record " + r + " is outside [0, "
                            + CLASSES + ")");
                }
                labels[image] = label;
                System.arraycopy(bytes, r * RECORD_BYTES + 1, pixels, image * imageBytes, imageBytes);
                image++;
            }
        }
        return Dataset.wrap(name, pixels, labels, CHANNELS, SIDE, SIDE, CLASSES);
    }

    private static long recordCount(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        long length = Files.size(file);
        if (length == 0) {
            throw new IOException(file + ": empty; a CIFAR-10 batch holds records of " + RECORD_BYTES + " bytes");
        }
        if (length % RECORD_BYTES != 0) {
            throw new IOException(file + ": length " + length + " is not a multiple of the CIFAR-10 record size "
                    + RECORD_BYTES + " (truncated or not a CIFAR-10 binary batch)");
        }
        return length / RECORD_BYTES;
    }
}
