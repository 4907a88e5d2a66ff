package org.era4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a crash never leaves a half-written file under the final name: the data go
 * to a temporary file in the same directory, are forced to disk, and the temporary file is renamed
 * over the target in one atomic step (the directory is forced too where the platform allows).
 * Readers see either the old file or the complete new one.
 *
 * <p>What may be replaced: only a regular file, or a path where nothing exists yet. A directory,
 * a device ({@code /dev/null}), a FIFO or a socket at the target is refused with an
 * {@link IOException} naming the path; nothing is written and the node is left as it was.
 * Symbolic links are <em>followed</em>: the file the link (chain) points to is replaced
 * atomically, in its own directory, and the link itself stays; a link whose final target is not
 * a regular file is refused like that target, and a dangling link is refused.
 *
 * <p>Temporary files are named {@code .NAME.era-PID-RANDOM.tmp}. A process killed with
 * {@code kill -9} cannot remove its own; every later write into the same directory removes the
 * ones left by processes that no longer run ({@link #removeLeftovers}).
 */
public final class AtomicFiles {

    /** {@code .NAME.era-PID-HEX.tmp}; group 1 is the pid. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.era-(\\d{1,19})-[0-9a-f]{1,16}\\.tmp");

    private AtomicFiles() {
    }

    /** Something that writes the file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} atomically (see the class comment for what may be replaced). */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = replaceableTarget(target);
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        removeLeftovers(directory);
        Path temporary = createSibling(absolute);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            // checked again right before the rename: something may have appeared meanwhile
            replaceableTarget(absolute);
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
     * The absolute path that a write to {@code target} replaces: {@code target} itself, or the
     * final target of a symbolic link. Throws an {@link IOException} naming the path when that is
     * anything but a regular file or a free name.
     */
    public static Path replaceableTarget(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        for (int links = 0; ; links++) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (links > 0) {
                    throw new IOException(target + " is a symbolic link to " + path + ", which does not exist; "
                            + "era replaces only existing regular files through links");
                }
                return path;
            }
            if (attributes.isRegularFile()) {
                return path;
            }
            if (attributes.isSymbolicLink()) {
                if (links == 40) {
                    throw new IOException(target + ": too many levels of symbolic links");
                }
                Path next = Files.readSymbolicLink(path);
                path = (path.getParent() == null ? next : path.getParent().resolve(next)).normalize();
                continue;
            }
            String kind = attributes.isDirectory() ? "a directory" : "a device, FIFO or socket";
            throw new IOException((links > 0 ? target + " leads to " + path + ", which" : target.toString())
                    + " is " + kind + ", not a regular file; era writes only regular files (choose a file name)");
        }
    }

    /**
     * Removes temporary files that writes of this program left in {@code directory} (killed
     * before they could clean up): only those whose process no longer runs. Returns how many.
     */
    public static int removeLeftovers(Path directory) {
        int removed = 0;
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*.era-*.tmp")) {
            for (Path file : files) {
                Matcher m = TEMPORARY.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a directory we cannot list holds nothing we could remove either
        }
        return removed;
    }

    /**
     * A new, uniquely named hidden sibling of {@code target}. Not {@code createTempFile}: its
     * owner-only mode (0600) would pass to the result through the rename.
     */
    private static Path createSibling(Path target) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            Path candidate = target.resolveSibling("." + target.getFileName() + ".era-" + pid + "-"
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
