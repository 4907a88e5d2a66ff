package org.era4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed.
 *
 * <pre>
 *   bytes 0-1  0x00 0x00
 *   byte  2    element type: only 0x08 (unsigned byte) is accepted
 *   byte  3    number of dimensions d (1 for labels, 3 (N, H, W) or 4 (N, C, H, W) for images)
 *   then       d big-endian int32 sizes, outermost first
 *   then       prod(sizes) bytes, row-major, and nothing after them
 * </pre>
 *
 * A file starting with the gzip magic {@code 0x1f 0x8b} is decompressed first. Every check that
 * fails (magic, type, dimension count, sizes, truncation, trailing bytes, broken gzip) throws an
 * {@link IOException} whose message starts with the file's name.
 */
public final class IdxReader {

    /** IDX element type of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    private static final int MAX_DIMENSIONS = 4;

    private IdxReader() {
    }

    /**
     * Reads an image file and its label file into a data set named {@code name}: images (N, H, W)
     * become (N, 1, H, W), images (N, C, H, W) are kept; labels must number N and lie in
     * {@code [0, classes)}.
     */
    public static Dataset readDataset(Path images, Path labels, int classes, String name) throws IOException {
        return toDataset(read(images), read(labels), classes, name);
    }

    /** Reads any unsigned-byte IDX file. */
    public static IdxArray read(Path file) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IOException(name + ": no such file");
        }
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, length);
        }
    }

    /**
     * Reads an IDX file from {@code in}; {@code name} labels every error.
     *
     * @param fileLength the stream's length in bytes when known (checked before anything large is
     *                   allocated), or -1
     */
    static IdxArray read(InputStream in, String name, long fileLength) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 < 0 || b1 < 0) {
            throw new IOException(name + ": file is empty or shorter than an IDX header");
        }
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return readUncompressed(new BufferedInputStream(new StrictGzipInputStream(buffered), 1 << 16),
                        name + " (gzip)", -1);
            } catch (ZipException | EOFException e) {
                throw new IOException(name + ": broken or truncated gzip data: " + e.getMessage(), e);
            }
        }
        return readUncompressed(buffered, name, fileLength);
    }

    private static IdxArray readUncompressed(InputStream in, String name, long fileLength) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new IOException(name + ": truncated: " + head.length + " bytes, an IDX header needs at least 4");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new IOException(String.format("%s: not an IDX file: magic starts 0x%02x 0x%02x, expected 0x00 0x00",
                    name, head[0] & 0xFF, head[1] & 0xFF));
        }
        int type = head[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IOException(String.format("%s: IDX element type 0x%02x (%s) is not supported; expected 0x08 "
                    + "(unsigned byte)", name, type, typeName(type)));
        }
        int dims = head[3] & 0xFF;
        if (dims < 1 || dims > MAX_DIMENSIONS) {
            throw new IOException(name + ": IDX dimension count " + dims + " is outside 1.." + MAX_DIMENSIONS);
        }
        byte[] sizeBytes = in.readNBytes(4 * dims);
        if (sizeBytes.length < 4 * dims) {
            throw new IOException(name + ": truncated in the header: " + dims + " dimension sizes need "
                    + 4 * dims + " bytes, found " + sizeBytes.length);
        }
        int[] sizes = new int[dims];
        long count = 1;
        for (int k = 0; k < dims; k++) {
            sizes[k] = ((sizeBytes[4 * k] & 0xFF) << 24) | ((sizeBytes[4 * k + 1] & 0xFF) << 16)
                    | ((sizeBytes[4 * k + 2] & 0xFF) << 8) | (sizeBytes[4 * k + 3] & 0xFF);
            if (sizes[k] < 0) {
                throw new IOException(name + ": dimension " + k + " has negative size " + sizes[k]);
            }
            count *= sizes[k];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(name + ": dimensions " + Arrays.toString(sizes) + " hold more than "
                        + (Integer.MAX_VALUE - 8) + " bytes");
            }
        }
        long headerLength = 4L + 4L * dims;
        if (fileLength >= 0 && fileLength != headerLength + count) {
            throw new IOException(name + ": " + (fileLength < headerLength + count ? "truncated" : "has trailing bytes")
                    + ": dimensions " + Arrays.toString(sizes) + " need " + (headerLength + count)
                    + " bytes, the file has " + fileLength);
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw new IOException(name + ": truncated: dimensions " + Arrays.toString(sizes) + " need " + count
                    + " data bytes, found " + data.length);
        }
        if (in.read() >= 0) {
            throw new IOException(name + ": has trailing bytes after the " + count + " data bytes of dimensions "
                    + Arrays.toString(sizes));
        }
        return new IdxArray(name, sizes, data);
    }

    /**
     * Pairs an image array (N, H, W) or (N, C, H, W) with a label array (N), checking that the
     * counts agree and every label is below {@code classes}.
     */
    static Dataset toDataset(IdxArray images, IdxArray labels, int classes, String datasetName) throws IOException {
        int[] d = images.dimensions();
        int channels;
        int height;
        int width;
        if (d.length == 3) {
            channels = 1;
            height = d[1];
            width = d[2];
        } else if (d.length == 4) {
            channels = d[1];
            height = d[2];
            width = d[3];
        } else {
            throw new IOException(images.name() + ": an image file needs 3 (N, H, W) or 4 (N, C, H, W) dimensions, "
                    + "found " + d.length + " " + Arrays.toString(d));
        }
        if (d[0] == 0) {
            throw new IOException(images.name() + ": holds no images");
        }
        if (channels == 0 || height == 0 || width == 0) {
            throw new IOException(images.name() + ": image dimensions " + Arrays.toString(d) + " contain a zero");
        }
        if (labels.dimensions().length != 1) {
            throw new IOException(labels.name() + ": a label file needs 1 dimension (N), found "
                    + labels.dimensions().length + " " + Arrays.toString(labels.dimensions()));
        }
        if (labels.dimensions()[0] != d[0]) {
            throw new IOException(labels.name() + ": holds " + labels.dimensions()[0] + " labels but "
                    + images.name() + " holds " + d[0] + " images");
        }
        byte[] raw = labels.data();
        int[] values = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = raw[i] & 0xFF;
            if (values[i] >= classes) {
                throw new IOException(labels.name() + ": label " + values[i] + " at index " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        return Dataset.wrap(datasetName, images.data(), values, channels, height, width, classes);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }
}
