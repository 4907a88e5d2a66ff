package org.era4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeContentUnderTheFinalName() throws IOException {
        Path target = dir.resolve("sub/model.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.writeString(target, "replaced");
        assertEquals("replaced", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntact() throws IOException {
        Path target = dir.resolve("checkpoint.bin");
        AtomicFiles.writeString(target, "good checkpoint");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of a new chec".getBytes());
            throw new IOException("simulated crash while writing");
        }));
        assertEquals("good checkpoint", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void aDirectoryAtTheTargetIsRefusedAndKept() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("a directory"), e.getMessage());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void aDeviceIsRefusedAndNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(devNull, "x"));
        assertTrue(e.getMessage().contains("/dev/null") && e.getMessage().contains("not a regular file"), e.getMessage());
        assertFalse(Files.isRegularFile(devNull));
    }

    @Test
    void aFifoIsRefusedAndNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(fifo, "x"));
        assertTrue(e.getMessage().contains(fifo.toString()) && e.getMessage().contains("FIFO"), e.getMessage());
        assertFalse(Files.isRegularFile(fifo));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real.getFileName());
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link itself stays a link");
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aDanglingLinkOrALinkToADirectoryIsRefused() throws IOException {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(dangling, "x"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(Files.isSymbolicLink(dangling));
        Path toDir = Files.createSymbolicLink(dir.resolve("todir"), Files.createDirectory(dir.resolve("d")));
        e = assertThrows(IOException.class, () -> AtomicFiles.writeString(toDir, "x"));
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());
    }

    @Test
    void temporaryFilesOfDeadProcessesAreRemovedByTheNextWrite() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long deadPid = finished.pid();
        assumeTrue(ProcessHandle.of(deadPid).isEmpty(), "pid reused already");
        Path leftover = Files.writeString(dir.resolve(".metrics.csv.era-" + deadPid + "-1f2e.tmp"), "half");
        Path ours = Files.writeString(dir.resolve(".metrics.csv.era-" + ProcessHandle.current().pid() + "-abc.tmp"), "live");
        Path foreign = Files.writeString(dir.resolve(".notes.tmp"), "not ours");
        AtomicFiles.writeString(dir.resolve("summary.json"), "{}");
        assertFalse(Files.exists(leftover), "a dead process's temporary file is removed");
        assertTrue(Files.exists(ours), "a running process's temporary file is kept");
        assertTrue(Files.exists(foreign), "files not named like ours are kept");
    }
}
