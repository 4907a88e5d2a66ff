package org.era4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash never leaves a half-written file under the final name: the data go
 * to a temporary file in the same directory, are forced to disk, and the temporary file is renamed
 * over the target in one atomic step (the directory is forced too where the platform allows).
 * Readers see either the old file or the complete new one.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Something that writes the file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} atomically. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = createSibling(absolute);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + absolute + " atomically on this file system", e);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes UTF-8 {@code text} to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the remaining bytes of {@code buffer} to {@code target} atomically. */
    public static void write(Path target, ByteBuffer buffer) throws IOException {
        write(target, out -> Channels.newChannel(out).write(buffer.duplicate()));
    }

    /**
     * A new, uniquely named hidden sibling of {@code target}. Not {@code createTempFile}: its
     * owner-only mode (0600) would pass to the result through the rename.
     */
    private static Path createSibling(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static void forceDirectory(Path directory) {
        // Makes the rename itself durable on Linux; some platforms cannot open directories.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file's own data are already on disk
        }
    }
}
