package org.era4j.data;

import static org.era4j.data.IdxFixtures.cifar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {

    @TempDir
    Path dir;

    @Test
    void concatenatesBatchesAsChwImages() throws IOException {
        byte[] first = cifar(3, 0);
        byte[] second = cifar(9);
        Path a = Files.write(dir.resolve("data_batch_1.bin"), first);
        Path b = Files.write(dir.resolve("data_batch_2.bin"), second);
        Dataset d = Cifar10Reader.read(List.of(a, b), "cifar");
        assertEquals(3, d.size());
        assertEquals(3, d.channels());
        assertEquals(32, d.height());
        assertEquals(32, d.width());
        assertArrayEquals(new int[] {3, 0, 9}, d.labels());
        // record 1 of file a, green plane (c = 1), row 5, column 7
        int offset = Cifar10Reader.RECORD_BYTES + 1 + 1024 + 5 * 32 + 7;
        assertEquals(first[offset] & 0xFF, d.pixel(1, 1, 5, 7));
        assertEquals(second[1 + 2 * 1024 + 31 * 32 + 31] & 0xFF, d.pixel(2, 2, 31, 31));
    }

    @Test
    void lengthNotAMultipleOfTheRecordIsRejected() throws IOException {
        byte[] bytes = cifar(1, 2);
        Path f = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, bytes.length - 1));
        IOException e = assertThrows(IOException.class, () -> Cifar10Reader.read(List.of(f), "x"));
        assertTrue(e.getMessage().startsWith(f + ": length 6145 is not a multiple"), e.getMessage());
    }

    @Test
    void labelAboveNineIsRejected() throws IOException {
        Path f = Files.write(dir.resolve("bad.bin"), cifar(4, 10));
        IOException e = assertThrows(IOException.class, () -> Cifar10Reader.read(List.of(f), "x"));
        assertTrue(e.getMessage().startsWith(f + ": label 10 of record 1"), e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreNamed() throws IOException {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertTrue(assertThrows(IOException.class, () -> Cifar10Reader.read(List.of(empty), "x"))
                .getMessage().startsWith(empty + ": empty"));
        Path absent = dir.resolve("absent.bin");
        assertTrue(assertThrows(IOException.class, () -> Cifar10Reader.read(List.of(absent), "x"))
                .getMessage().startsWith(absent + ": no such file"));
        assertThrows(IllegalArgumentException.class, () -> Cifar10Reader.read(List.of(), "x"));
    }

    @Test
    void cifarDirectoryLayoutIsFoundInItsSubdirectory() throws IOException {
        Path c = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int k = 1; k <= 5; k++) {
            Files.write(c.resolve("data_batch_" + k + ".bin"), cifar(k, k - 1));
        }
        Files.write(c.resolve("test_batch.bin"), cifar(7));
        assertTrue(DataDirectory.isComplete(dir));
        TrainTestData data = DataDirectory.load(dir, "cifar test");
        assertEquals(10, data.train().size());
        assertEquals(1, data.test().size());
        assertArrayEquals(new int[] {1, 0, 2, 1, 3, 2, 4, 3, 5, 4}, data.train().labels());
    }
}
