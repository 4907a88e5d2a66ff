package org.era4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX and CIFAR-10 files byte by byte for the reader tests. */
final class IdxFixtures {

    private IdxFixtures() {
    }

    /** An IDX file: magic 0 0 type dims, big-endian sizes, payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    /** n images of h x w with pixel (i, y, x) = (i * 31 + y * 7 + x) mod 256. */
    static byte[] pattern(int n, int c, int h, int w) {
        byte[] p = new byte[n * c * h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((i * 31 + i / 5) & 0xFF);
        }
        return p;
    }

    /** Writes a complete IDX directory (gzip or raw) with labels {@code k mod classes}. */
    static void writeIdxDirectory(Path dir, int trainCount, int testCount, int side, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", trainCount, side, gzip);
        write(dir, "t10k", testCount, side, gzip);
    }

    private static void write(Path dir, String prefix, int n, int side, boolean gzip) throws IOException {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        byte[] images = idx(0x08, new int[] {n, side, side}, pattern(n, 1, side, side));
        byte[] labelFile = idx(0x08, new int[] {n}, labels);
        String suffix = gzip ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gzip ? gzip(images) : images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip ? gzip(labelFile) : labelFile);
    }

    /** A CIFAR-10 batch of records whose labels are given and pixels follow {@link #pattern}. */
    static byte[] cifar(int... labels) {
        int image = Cifar10Reader.RECORD_BYTES - 1;
        byte[] pixels = pattern(labels.length, 3, 32, 32);
        byte[] out = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            out[r * Cifar10Reader.RECORD_BYTES] = (byte) labels[r];
            System.arraycopy(pixels, r * image, out, r * Cifar10Reader.RECORD_BYTES + 1, image);
        }
        return out;
    }
}
