package org.era4j.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.era4j.io.AtomicFiles;

/**
 * Writes a {@link Dataset} as a pair of gzip-compressed unsigned-byte IDX files, the layout
 * {@link IdxReader} reads: images (N, H, W) when C = 1, else (N, C, H, W); labels (N).
 *
 * <p>Files are written atomically. The gzip header carries no time stamp (the JDK writes MTIME 0),
 * so the same data set gives the same bytes on every run with the same JDK.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** Writes the images of {@code data} to {@code file} (gzip IDX). */
    public static void writeImages(Dataset data, Path file) throws IOException {
        int[] dims = data.channels() == 1
                ? new int[] {data.size(), data.height(), data.width()}
                : new int[] {data.size(), data.channels(), data.height(), data.width()};
        write(file, dims, data.pixelsInPlace());
    }

    /** Writes the labels of {@code data} to {@code file} (gzip IDX); needs fewer than 257 classes. */
    public static void writeLabels(Dataset data, Path file) throws IOException {
        if (data.classes() > 256) {
            throw new IllegalArgumentException(file + ": " + data.classes() + " classes do not fit in unsigned bytes");
        }
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) data.label(i);
        }
        write(file, new int[] {data.size()}, bytes);
    }

    private static void write(Path file, int[] dims, byte[] payload) throws IOException {
        AtomicFiles.write(file, out -> {
            GZIPOutputStream gzip = new BestGzip(out);
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(gzip, 1 << 16));
            data.writeByte(0);
            data.writeByte(0);
            data.writeByte(IdxReader.UNSIGNED_BYTE);
            data.writeByte(dims.length);
            for (int d : dims) {
                data.writeInt(d);
            }
            data.write(payload);
            data.flush();
            // finish, not close: closing would close the channel before AtomicFiles forces it.
            gzip.finish();
        });
    }

    /** Gzip at the highest compression level, since the embedded subset is committed. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
