package org.era4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.era4j.io.AtomicFiles;

/**
 * Raw little-endian float32 files (no header: {@code 4 * count} bytes) and atomic writes: every
 * file is written to a temporary file in the target's directory, forced to disk with
 * {@link FileChannel#force}, then renamed over the target in one atomic step, so a reader never
 * sees a half-written file.
 */
final class Float32Files {

    /** Bytes moved per read or write call; a multiple of 4 so no float straddles two blocks. */
    private static final int BLOCK = 1 << 20;

    private Float32Files() {
    }

    /**
     * Reads a whole file of float32 values.
     *
     * @param what the option naming the file, for messages (e.g. {@code "--input"})
     */
    static float[] read(String what, Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(what + " file " + path + " does not exist or is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                // files such as /proc/self/status report size 0 and still have content: read to the end
                byte[] bytes = Files.readAllBytes(path);
                if (bytes.length % Float.BYTES != 0) {
                    throw new IllegalArgumentException(what + " file " + path + " has " + bytes.length
                            + " bytes, not a multiple of 4 (raw little-endian float32 expected)");
                }
                float[] values = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                return values;
            }
            if (size % Float.BYTES != 0) {
                throw new IllegalArgumentException(what + " file " + path + " has " + size
                        + " bytes, not a multiple of 4 (raw little-endian float32 expected)");
            }
            long count = size / Float.BYTES;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(what + " file " + path + " holds " + count
                        + " floats, more than one Java array can hold");
            }
            float[] values = new float[(int) count];
            ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
            int filled = 0;
            while (filled < values.length) {
                block.clear();
                block.limit((int) Math.min(BLOCK, (long) (values.length - filled) * Float.BYTES));
                while (block.hasRemaining()) {
                    if (channel.read(block) < 0) {
                        throw new IOException(what + " file " + path + " shrank while being read");
                    }
                }
                block.flip();
                int floats = block.remaining() / Float.BYTES;
                block.asFloatBuffer().get(values, filled, floats);
                filled += floats;
            }
            return values;
        }
    }

    /** Writes {@code values} as little-endian float32, atomically. */
    static void write(String what, Path path, float[] values) throws IOException {
        writeAtomically(what, path, channel -> {
            ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < values.length) {
                int floats = Math.min(BLOCK / Float.BYTES, values.length - done);
                block.clear();
                block.asFloatBuffer().put(values, done, floats);
                block.limit(floats * Float.BYTES);
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                done += floats;
            }
        });
    }

    /** Writes UTF-8 text, atomically. */
    static void writeText(String what, Path path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeAtomically(what, path, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    private interface Writer {
        void write(WritableByteChannel channel) throws IOException;
    }

    private static void writeAtomically(String what, Path path, Writer writer) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IOException(what + ": directory of " + path + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(what + ": " + path + " is a directory");
        }
        AtomicFiles.write(absolute, out -> writer.write(Channels.newChannel(out)));
    }
}
