package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

class IdxReaderProperties {

    Path dir;

    @BeforeProperty
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("idx-properties");
    }

    @AfterProperty
    void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static int[] dims(int rank, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        int[] d = new int[rank];
        for (int k = 0; k < rank; k++) {
            d[k] = 1 + r.nextInt(5);
        }
        return d;
    }

    @Property(tries = 60)
    void rawAndGzipRoundTrip(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) throws IOException {
        int[] d = dims(rank, seed);
        byte[] payload = IdxFixtures.pattern(Arrays.stream(d).reduce(1, (a, b) -> a * b), 1, 1, 1);
        byte[] raw = IdxFixtures.idx(0x08, d, payload);
        for (byte[] bytes : new byte[][] {raw, IdxFixtures.gzip(raw)}) {
            Path f = Files.write(dir.resolve("f" + (bytes == raw ? "" : ".gz")), bytes);
            IdxArray a = IdxReader.read(f);
            assertArrayEquals(d, a.dimensions());
            assertArrayEquals(payload, a.data());
        }
    }

    /** Every proper prefix of a valid file, raw or gzip-compressed, is an error naming the file. */
    @Property(tries = 60)
    void everyTruncationIsRejected(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 10_000) int cut, @ForAll boolean compressed) throws IOException {
        int[] d = dims(rank, seed);
        byte[] raw = IdxFixtures.idx(0x08, d,
                IdxFixtures.pattern(Arrays.stream(d).reduce(1, (a, b) -> a * b), 1, 1, 1));
        byte[] shortRaw = Arrays.copyOf(raw, cut % raw.length);
        byte[] bytes = compressed ? IdxFixtures.gzip(shortRaw) : shortRaw;
        Path f = Files.write(dir.resolve("cut"), bytes);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
