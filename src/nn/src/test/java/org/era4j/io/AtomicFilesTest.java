package org.era4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
