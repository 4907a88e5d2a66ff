package org.era4j.data;

import static org.era4j.data.IdxFixtures.gzip;
import static org.era4j.data.IdxFixtures.idx;
import static org.era4j.data.IdxFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private IOException failure(Path file) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), () -> "message must name the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(IOException e, String text) {
        assertTrue(e.getMessage().contains(text), () -> "expected '" + text + "' in: " + e.getMessage());
    }

    @Test
    void readsRawAndGzipIdenticallyWithDimensionsAndPayload() throws IOException {
        byte[] payload = pattern(3, 1, 4, 5);
        byte[] raw = idx(0x08, new int[] {3, 4, 5}, payload);
        IdxArray fromRaw = IdxReader.read(file("a", raw));
        IdxArray fromGzip = IdxReader.read(file("a.gz", gzip(raw)));
        for (IdxArray a : new IdxArray[] {fromRaw, fromGzip}) {
            assertArrayEquals(new int[] {3, 4, 5}, a.dimensions());
            assertArrayEquals(payload, a.data());
        }
    }

    @Test
    void gzipIsRecognisedByMagicNotByName() throws IOException {
        byte[] raw = idx(0x08, new int[] {2}, new byte[] {7, 9});
        assertArrayEquals(new byte[] {7, 9}, IdxReader.read(file("labels.bin", gzip(raw))).data());
        assertArrayEquals(new byte[] {7, 9}, IdxReader.read(file("labels.gz", raw)).data());
    }

    @Test
    void datasetPairsImagesAndLabelsAsNchwBytes() throws IOException {
        byte[] pixels = pattern(4, 1, 3, 2);
        Path images = file("img.gz", gzip(idx(0x08, new int[] {4, 3, 2}, pixels)));
        Path labels = file("lab", idx(0x08, new int[] {4}, new byte[] {0, 9, 3, 3}));
        Dataset d = IdxReader.readDataset(images, labels, 10, "tiny");
        assertEquals(4, d.size());
        assertEquals(1, d.channels());
        assertEquals(3, d.height());
        assertEquals(2, d.width());
        assertArrayEquals(new int[] {0, 9, 3, 3}, d.labels());
        assertEquals(pixels[1 * 6 + 2 * 2 + 1] & 0xFF, d.pixel(1, 0, 2, 1));
        assertEquals("tiny", d.name());
    }

    @Test
    void fourDimensionalImagesKeepTheirChannels() throws IOException {
        byte[] pixels = pattern(2, 3, 2, 2);
        Path images = file("img4", idx(0x08, new int[] {2, 3, 2, 2}, pixels));
        Path labels = file("lab", idx(0x08, new int[] {2}, new byte[] {1, 2}));
        Dataset d = IdxReader.readDataset(images, labels, 10, "rgb");
        assertEquals(3, d.channels());
        assertEquals(pixels[12 + 2 * 4 + 1 * 2 + 0] & 0xFF, d.pixel(1, 2, 1, 0));
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        byte[] raw = idx(0x08, new int[] {1}, new byte[] {1});
        raw[1] = 0x05;
        assertMentions(failure(file("bad-magic", raw)), "not an IDX file");
    }

    @Test
    void nonByteElementTypeIsRejected() throws IOException {
        assertMentions(failure(file("floats", idx(0x0D, new int[] {1}, new byte[4]))), "0x0d (float)");
    }

    @Test
    void dimensionCountOutsideOneToFourIsRejected() throws IOException {
        assertMentions(failure(file("dims0", idx(0x08, new int[] {}, new byte[0]))), "dimension count 0");
        assertMentions(failure(file("dims5", idx(0x08, new int[] {1, 1, 1, 1, 1}, new byte[1]))),
                "dimension count 5");
    }

    @Test
    void negativeOrHugeSizesAreRejectedBeforeAllocating() throws IOException {
        assertMentions(failure(file("neg", idx(0x08, new int[] {-3}, new byte[0]))), "negative size");
        assertMentions(failure(file("huge", idx(0x08, new int[] {65536, 65536}, new byte[0]))), "hold more than");
    }

    @Test
    void truncatedRawPayloadIsRejected() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 3, 3}, new byte[18]);
        IOException e = failure(file("short", Arrays.copyOf(raw, raw.length - 1)));
        assertMentions(e, "truncated");
        assertMentions(e, "[2, 3, 3]");
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 3, 3}, new byte[18]);
        assertMentions(failure(file("head", Arrays.copyOf(raw, 9))), "truncated");
        assertMentions(failure(file("tiny", new byte[] {0, 0})), "truncated");
        assertMentions(failure(file("empty", new byte[0])), "empty");
    }

    @Test
    void bytesAfterTheGzipDataAreRejectedButASecondMemberIsRead() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 3, 3}, new byte[18]);
        byte[] compressed = gzip(raw);
        byte[] trailing = Arrays.copyOf(compressed, compressed.length + 3);
        trailing[compressed.length] = 'x';
        assertMentions(failure(file("trailing.gz", trailing)), "after the gzip data");
        byte[] first = gzip(Arrays.copyOf(raw, 10));
        byte[] second = gzip(Arrays.copyOfRange(raw, 10, raw.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertArrayEquals(new int[] {2, 3, 3}, IdxReader.read(file("two-members.gz", both)).dimensions());
        byte[] badCrc = compressed.clone();
        badCrc[badCrc.length - 6] ^= 1;
        assertMentions(failure(file("crc.gz", badCrc)), "CRC32");
    }

    @Test
    void truncatedGzipPayloadIsRejected() throws IOException {
        // A complete gzip stream whose IDX payload is one byte short.
        byte[] raw = idx(0x08, new int[] {2, 3, 3}, new byte[18]);
        assertMentions(failure(file("short.gz", gzip(Arrays.copyOf(raw, raw.length - 1)))), "truncated");
    }

    @Test
    void cutGzipStreamIsRejected() throws IOException {
        byte[] compressed = gzip(idx(0x08, new int[] {50, 10, 10}, pattern(50, 1, 10, 10)));
        assertMentions(failure(file("cut.gz", Arrays.copyOf(compressed, compressed.length / 2))), "gzip");
    }

    @Test
    void trailingBytesAreRejectedRawAndGzip() throws IOException {
        byte[] raw = idx(0x08, new int[] {2}, new byte[] {1, 2});
        byte[] longer = Arrays.copyOf(raw, raw.length + 3);
        assertMentions(failure(file("long", longer)), "trailing bytes");
        assertMentions(failure(file("long.gz", gzip(longer))), "trailing bytes");
    }

    @Test
    void missingFileIsNamed() {
        assertMentions(failure(dir.resolve("absent")), "no such file");
    }

    @Test
    void labelCountMismatchNamesBothFiles() throws IOException {
        Path images = file("img", idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        Path labels = file("lab", idx(0x08, new int[] {2}, new byte[] {1, 2}));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(images, labels, 10, "x"));
        assertMentions(e, labels.toString());
        assertMentions(e, "holds 2 labels but " + images + " holds 3 images");
    }

    @Test
    void labelOutOfRangeIsRejected() throws IOException {
        Path images = file("img", idx(0x08, new int[] {2, 2, 2}, new byte[8]));
        Path labels = file("lab", idx(0x08, new int[] {2}, new byte[] {1, 10}));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(images, labels, 10, "x"));
        assertMentions(e, labels + ": label 10 at index 1 is outside [0, 10)");
    }

    @Test
    void imageFileWithWrongRankIsRejected() throws IOException {
        Path images = file("img2", idx(0x08, new int[] {2, 4}, new byte[8]));
        Path labels = file("lab", idx(0x08, new int[] {2}, new byte[] {1, 2}));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(images, labels, 10, "x"));
        assertMentions(e, images + ": an image file needs 3");
        Path emptyImages = file("img0", idx(0x08, new int[] {0, 4, 4}, new byte[0]));
        Path noLabels = file("lab0", idx(0x08, new int[] {0}, new byte[0]));
        assertMentions(assertThrows(IOException.class,
                () -> IdxReader.readDataset(emptyImages, noLabels, 10, "x")), "holds no images");
    }

    @Test
    void labelFileWithWrongRankIsRejected() throws IOException {
        Path images = file("img", idx(0x08, new int[] {2, 2, 2}, new byte[8]));
        Path labels = file("lab2", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(images, labels, 10, "x"));
        assertMentions(e, labels + ": a label file needs 1 dimension");
    }

    @Test
    void writerOutputReadsBack() throws IOException {
        Dataset d = Dataset.of("w", pattern(5, 1, 3, 4), new int[] {0, 1, 2, 3, 4}, 1, 3, 4, 10);
        IdxWriter.writeImages(d, dir.resolve("out/i.gz"));
        IdxWriter.writeLabels(d, dir.resolve("out/l.gz"));
        Dataset back = IdxReader.readDataset(dir.resolve("out/i.gz"), dir.resolve("out/l.gz"), 10, "back");
        assertArrayEquals(d.labels(), back.labels());
        for (int i = 0; i < 5; i++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(d.pixel(i, 0, y, x), back.pixel(i, 0, y, x));
                }
            }
        }
        try (var listing = Files.list(dir.resolve("out"))) {
            assertEquals(2, listing.count(), "no temporary files may be left behind");
        }
    }
}
