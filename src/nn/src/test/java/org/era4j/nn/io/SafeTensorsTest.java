package org.era4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors files: exact byte layout, round trips, atomic replacement, corrupt and truncated files. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return Models.cnn(new int[] {1, 4, 4}, 3, NormKind.BATCH, LearnableAxes.PER_CHANNEL, ActivationFactory.relu(), seed);
    }

    @Test
    void byteLayoutMatchesTheFormat() throws IOException {
        Path file = dir.resolve("one.safetensors");
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        entries.put("w", new SafeTensors.Entry(new int[] {2}, new float[] {1f, -2.5f}));
        SafeTensors.write(file, entries, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        String crc = String.format("%08x", SafeTensors.tensorCrc(new float[] {1f, -2.5f}));
        java.util.zip.CRC32C none = new java.util.zip.CRC32C();
        String json = "{\"__metadata__\":{\"era4j.crc32c-metadata\":\"" + String.format("%08x", (int) none.getValue())
                + "\",\"era4j.crc32c.w\":\"" + crc + "\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(padded, b.getLong());
        assertEquals(json, new String(bytes, 8, json.length(), StandardCharsets.UTF_8));
        for (int i = 8 + json.length(); i < 8 + padded; i++) {
            assertEquals(' ', bytes[i]);
        }
        b.position(8 + padded);
        assertEquals(1f, b.getFloat());
        assertEquals(-2.5f, b.getFloat());
        assertEquals(8 + padded + 8, bytes.length);
    }

    @Test
    void modelRoundTripIncludingBuffersAndMetadata() throws IOException {
        Sequential saved = model(1);
        saved.namedBuffers().values().forEach(b -> Arrays.fill(b, 0.25f));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(saved, file, Map.of("format", "pt", "activation", "relu"));
        Sequential loaded = model(2);
        Map<String, String> metadata = SafeTensors.load(loaded, file);
        assertEquals("relu", metadata.get("activation"));
        saved.namedParameters().forEach((name, t) ->
                assertArrayEquals(t.data(), loaded.namedParameters().get(name).data(), name));
        saved.namedBuffers().forEach((name, b) -> assertArrayEquals(b, loaded.namedBuffers().get(name), name));
    }

    @Test
    void replacingLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.save(model(1), file, Map.of());
        SafeTensors.save(model(3), file, Map.of());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        Sequential check = model(4);
        SafeTensors.load(check, file);
        assertArrayEquals(model(3).parameters().get(0).data(), check.parameters().get(0).data());
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.save(model(1), file, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[] {0, 5, 12, bytes.length / 2, bytes.length - 1}) {
            Path cut = dir.resolve("cut" + keep + ".safetensors");
            Files.write(cut, Arrays.copyOf(bytes, keep));
            IOException e = assertThrows(IOException.class, () -> SafeTensors.load(model(1), cut));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    @Test
    void corruptHeadersAreReported() throws IOException {
        assertCorrupt(header(Long.MAX_VALUE, ""), "header length");
        assertCorrupt(header(6, "{\"a\":1"), "corrupt");
        assertCorrupt(withData("{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2), "F16");
        assertCorrupt(withData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "do not match");
        assertCorrupt(withData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8), "cover");
        assertCorrupt(withData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "bad shape");
    }

    @Test
    void shapeOrNameMismatchIsReported() throws IOException {
        Path file = dir.resolve("other.safetensors");
        SafeTensors.save(Models.fcn(new int[] {5}, 3, NormKind.NONE, LearnableAxes.SCALAR, ActivationFactory.relu(), 1),
                file, Map.of());
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(
                Models.fcn(new int[] {6}, 3, NormKind.NONE, LearnableAxes.SCALAR, ActivationFactory.relu(), 1), file));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> SafeTensors.load(model(1), file));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }

    private byte[] header(long declared, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared).put(text);
        return b.array();
    }

    private byte[] withData(String json, int dataBytes) {
        byte[] head = header(json.length(), json);
        return Arrays.copyOf(head, head.length + dataBytes);
    }

    private void assertCorrupt(byte[] content, String expected) throws IOException {
        Path file = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(file, content);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file, null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void deeplyNestedHeadersAreRefusedWithoutOverflowingTheStack() throws IOException {
        String deep = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertCorrupt(header(deep.length(), deep), "nesting deeper than");
    }

    @Test
    void anEmptyTensorListedAfterOthersLoads() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]}}";
        Path file = dir.resolve("empty.safetensors");
        Files.write(file, withData(json, 8));
        Map<String, SafeTensors.Entry> read = SafeTensors.read(file, null);
        assertEquals(0, read.get("e").data().length);
        assertArrayEquals(new int[] {0, 3}, read.get("e").shape());
    }

    @Test
    void aFlippedDataByteIsReportedNamingTheTensor() throws IOException {
        Path file = dir.resolve("c.safetensors");
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        entries.put("first", new SafeTensors.Entry(new int[] {2}, new float[] {1f, 2f}));
        entries.put("second", new SafeTensors.Entry(new int[] {3}, new float[] {3f, 4f, 5f}));
        SafeTensors.write(file, entries, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x01; // inside "second"
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file, null));
        assertTrue(e.getMessage().contains("checksum mismatch in tensor 'second'"), e.getMessage());
    }

    @Test
    void filesWithoutChecksumsStillLoadAndSaySo() throws IOException {
        Path file = dir.resolve("old.safetensors");
        Files.write(file, withData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        Map<String, String> metadata = new LinkedHashMap<>();
        assertEquals(1, SafeTensors.read(file, metadata).size());
        assertTrue(!SafeTensors.hasChecksums(metadata));
        SafeTensors.write(file, Map.of("w", new SafeTensors.Entry(new int[] {1}, new float[] {0f})), Map.of());
        metadata.clear();
        SafeTensors.read(file, metadata);
        assertTrue(SafeTensors.hasChecksums(metadata));
    }
}
