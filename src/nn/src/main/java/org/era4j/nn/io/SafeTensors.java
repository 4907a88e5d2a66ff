package org.era4j.nn.io;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.era4j.autograd.Tensor;
import org.era4j.io.AtomicFiles;
import org.era4j.nn.Module;

/**
 * Weights in the safetensors format, so they open unchanged in Python ({@code safetensors.torch.load_file}):
 * an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}},
 * then the raw little-endian float32 data, entries back to back in header order.
 *
 * <p>Writes go to a temporary file in the target directory, are forced to disk
 * ({@link FileChannel#force}) and renamed atomically over the target, so a crash leaves either the
 * old file or the new one. Reading validates everything (header length, JSON, dtype, shapes,
 * offsets covering the data exactly) and reports a corrupt or truncated file as an
 * {@link IOException} naming the problem.
 *
 * <p>Integrity: every file written here carries a CRC32C of each tensor's bytes in the
 * {@code __metadata__} (key {@code era4j.crc32c.NAME}, 8 hex digits) and one of the other
 * metadata entries ({@link #METADATA_CRC}); other safetensors readers ignore them. Reading checks
 * them all and names the tensor whose data do not match. Files without checksums (older ones, or
 * written by other tools) still load; {@link #hasChecksums} tells the caller so it can warn.
 */
public final class SafeTensors {

    /** Headers above this are rejected as corrupt rather than allocated. */
    static final long MAX_HEADER = 100L << 20;

    /** Metadata key prefix of a tensor's CRC32C. */
    public static final String TENSOR_CRC = "era4j.crc32c.";
    /** Metadata key of the CRC32C of every other metadata entry. */
    public static final String METADATA_CRC = "era4j.crc32c-metadata";

    /** One named float32 array and its shape. */
    public record Entry(int[] shape, float[] data) {
        public Entry {
            long size = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
                }
                size *= d;
            }
            if (size != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                        + " floats, got " + data.length);
            }
        }
    }

    private SafeTensors() {
    }

    /** Saves every parameter and buffer of {@code model} under its qualified name. */
    public static void save(Module model, Path path, Map<String, String> metadata) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        model.namedParameters().forEach((name, t) -> entries.put(name, new Entry(t.shape(), t.data())));
        model.namedBuffers().forEach((name, b) -> entries.put(name, new Entry(new int[] {b.length}, b)));
        write(path, entries, metadata);
    }

    /**
     * Loads weights into {@code model}: the file must hold exactly the model's parameters and
     * buffers with the same shapes (a mismatch is an {@link IOException} listing it); nothing is
     * changed unless everything matches.
     */
    public static Map<String, String> load(Module model, Path path) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = read(path, metadata);
        Map<String, Entry> expected = new LinkedHashMap<>();
        model.namedParameters().forEach((name, t) -> expected.put(name, new Entry(t.shape(), t.data())));
        model.namedBuffers().forEach((name, b) -> expected.put(name, new Entry(new int[] {b.length}, b)));
        for (Map.Entry<String, Entry> e : expected.entrySet()) {
            Entry found = entries.get(e.getKey());
            if (found == null) {
                throw new IOException(path + ": missing tensor '" + printable(e.getKey()) + "'");
            }
            if (!Arrays.equals(found.shape(), e.getValue().shape())) {
                throw new IOException(path + ": tensor '" + printable(e.getKey()) + "' has shape " + Arrays.toString(found.shape())
                        + ", the model expects " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : entries.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IOException(path + ": unexpected tensor '" + printable(name) + "' (not in the model)");
            }
        }
        expected.forEach((name, target) ->
                System.arraycopy(entries.get(name).data(), 0, target.data(), 0, target.data().length));
        return metadata;
    }

    /** Writes named float32 tensors atomically. */
    public static void write(Path path, Map<String, Entry> entries, Map<String, String> userMetadata) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (userMetadata != null) {
            userMetadata.forEach((key, value) -> {
                if (isChecksumKey(key)) {
                    throw new IllegalArgumentException("metadata key '" + printable(key) + "' is reserved for checksums");
                }
                metadata.put(key, value);
            });
        }
        metadata.put(METADATA_CRC, hex(metadataCrc(metadata)));
        entries.forEach((name, entry) -> metadata.put(TENSOR_CRC + name, hex(tensorCrc(entry.data()))));
        StringBuilder header = new StringBuilder("{");
        boolean first = true;
        if (!metadata.isEmpty()) {
            header.append(Json.quote("__metadata__")).append(":{");
            boolean firstMeta = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                header.append(firstMeta ? "" : ",").append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
                firstMeta = false;
            }
            header.append('}');
            first = false;
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved in safetensors");
            }
            long bytes = 4L * e.getValue().data().length;
            header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":")
                    .append(Arrays.toString(e.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            first = false;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // pad with spaces to a multiple of 8 so the data is aligned (what the Python writer does)
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(path, out -> {
            WritableByteChannel channel = Channels.newChannel(out);
            writeFully(channel, head);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries.values()) {
                for (float v : e.data()) {
                    if (chunk.remaining() < 4) {
                        chunk.flip();
                        writeFully(channel, chunk);
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            chunk.flip();
            writeFully(channel, chunk);
        });
    }

    /** Whether {@code metadata} (as {@link #read} returns it) carries this class's checksums. */
    public static boolean hasChecksums(Map<String, String> metadata) {
        return metadata.containsKey(METADATA_CRC) || metadata.keySet().stream().anyMatch(k -> k.startsWith(TENSOR_CRC));
    }

    private static boolean isChecksumKey(String key) {
        return key.equals(METADATA_CRC) || key.startsWith(TENSOR_CRC);
    }

    /** CRC32C of the little-endian float32 bytes, as written to the file. */
    static int tensorCrc(float[] data) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (chunk.remaining() < 4) {
                chunk.flip();
                crc.update(chunk);
                chunk.clear();
            }
            chunk.putFloat(v);
        }
        chunk.flip();
        crc.update(chunk);
        return (int) crc.getValue();
    }

    /** CRC32C of the non-checksum metadata entries in key order (key, NUL, value, NUL; UTF-8). */
    private static int metadataCrc(Map<String, String> metadata) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        new java.util.TreeMap<>(metadata).forEach((key, value) -> {
            if (!isChecksumKey(key)) {
                crc.update((key + '\0' + value + '\0').getBytes(StandardCharsets.UTF_8));
            }
        });
        return (int) crc.getValue();
    }

    private static String hex(int crc) {
        return String.format("%08x", crc);
    }

    /** Checks the checksums in {@code metadata} against {@code tensors}; nothing to check when there are none. */
    private static void verify(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        if (!hasChecksums(metadata)) {
            return;
        }
        String expected = metadata.get(METADATA_CRC);
        if (expected == null || !expected.equals(hex(metadataCrc(metadata)))) {
            throw new IOException(path + ": checksum mismatch in the __metadata__ (file corrupted)");
        }
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey().startsWith(TENSOR_CRC) && !tensors.containsKey(m.getKey().substring(TENSOR_CRC.length()))) {
                throw new IOException(path + ": checksum for tensor '" + printable(m.getKey().substring(TENSOR_CRC.length()))
                        + "', which the file does not hold (file corrupted)");
            }
        }
        for (Map.Entry<String, Entry> t : tensors.entrySet()) {
            String crc = metadata.get(TENSOR_CRC + t.getKey());
            if (crc == null) {
                throw new IOException(path + ": tensor '" + printable(t.getKey()) + "' has no checksum (file corrupted)");
            }
            if (!crc.equals(hex(tensorCrc(t.getValue().data())))) {
                throw new IOException(path + ": checksum mismatch in tensor '" + printable(t.getKey())
                        + "' (CRC32C " + hex(tensorCrc(t.getValue().data())) + ", header says " + crc + "); the file is corrupted");
            }
        }
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads every tensor (in file order); metadata, if any, is put into {@code metadataOut} when not null. */
    public static Map<String, Entry> read(Path path, Map<String, String> metadataOut) throws IOException {
        long fileSize = Files.size(path);
        if (fileSize < 8) {
            throw new IOException(path + ": truncated safetensors file (" + fileSize + " bytes, no header length)");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lengthBuffer = readExactly(channel, 0, 8, path).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBuffer.getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw new IOException(path + ": corrupt safetensors file (header length " + headerLength + ")");
            }
            if (8 + headerLength > fileSize) {
                throw new IOException(path + ": truncated safetensors file (header of " + headerLength
                        + " bytes, file has " + fileSize + ")");
            }
            ByteBuffer headerBytes = readExactly(channel, 8, (int) headerLength, path);
            String json = StandardCharsets.UTF_8.newDecoder().decode(headerBytes).toString();
            if (!(Json.parse(json) instanceof Map<?, ?> header)) {
                throw new IOException(path + ": corrupt safetensors header (not a JSON object)");
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, Entry> out = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            long covered = 0;
            List<long[]> ranges = new java.util.ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    readMetadata(path, e.getValue(), metadata);
                    continue;
                }
                if (!(e.getValue() instanceof Map<?, ?> info)) {
                    throw new IOException(path + ": corrupt entry '" + printable(name) + "'");
                }
                if (!"F32".equals(info.get("dtype"))) {
                    throw new IOException(path + ": tensor '" + printable(name) + "' has dtype " + info.get("dtype")
                            + "; only F32 is supported");
                }
                int[] shape = longs(path, name, "shape", info.get("shape"));
                long[] offsets = Arrays.stream(longs(path, name, "data_offsets", info.get("data_offsets")))
                        .asLongStream().toArray();
                long elements = 1;
                for (int d : shape) {
                    elements *= d; // both factors are at most Integer.MAX_VALUE: no overflow
                    if (elements > Integer.MAX_VALUE) {
                        throw new IOException(path + ": tensor '" + printable(name) + "' has shape " + Arrays.toString(shape)
                                + ", more values than one array can hold");
                    }
                }
                if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] - offsets[0] != 4 * elements) {
                    throw new IOException(path + ": tensor '" + printable(name) + "' has data_offsets " + Arrays.toString(offsets)
                            + " that do not match shape " + Arrays.toString(shape));
                }
                if (offsets[1] > dataSize) {
                    throw new IOException(path + ": truncated safetensors file (tensor '" + printable(name) + "' ends at byte "
                            + offsets[1] + " of the data, which has " + dataSize + ")");
                }
                ranges.add(offsets);
                ByteBuffer bytes = readExactly(channel, dataStart + offsets[0], (int) (offsets[1] - offsets[0]), path)
                        .order(ByteOrder.LITTLE_ENDIAN);
                float[] data = new float[(int) elements];
                bytes.asFloatBuffer().get(data);
                out.put(name, new Entry(shape, data));
                covered += offsets[1] - offsets[0];
            }
            ranges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            long end = 0;
            for (long[] r : ranges) {
                if (r[0] == r[1] && r[0] <= end) {
                    continue; // an empty tensor occupies no bytes; it may sit at any offset already covered
                }
                if (r[0] != end) {
                    throw new IOException(path + ": corrupt safetensors file (data ranges overlap or leave a gap at byte " + end + ")");
                }
                end = r[1];
            }
            if (covered != dataSize) {
                throw new IOException(path + ": corrupt safetensors file (" + dataSize + " data bytes, tensors cover "
                        + covered + ")");
            }
            verify(path, out, metadata);
            if (metadataOut != null) {
                metadataOut.putAll(metadata);
            }
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(path + ": corrupt safetensors header (not UTF-8)", e);
        } catch (ClassCastException e) {
            throw new IOException(path + ": corrupt safetensors header (unexpected value types)", e);
        }
    }

    private static void readMetadata(Path path, Object value, Map<String, String> out) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(path + ": corrupt __metadata__ (not an object)");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new IOException(path + ": corrupt __metadata__ (value of '" + printable(String.valueOf(m.getKey())) + "' is not a string)");
            }
            if (out != null) {
                out.put((String) m.getKey(), s);
            }
        }
    }

    private static int[] longs(Path path, String name, String field, Object value) throws IOException {
        if (!(value instanceof List<?> list)) {
            throw new IOException(path + ": tensor '" + printable(name) + "' has no " + field + " list");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new IOException(path + ": tensor '" + printable(name) + "' has a bad " + field + " value " + list.get(i));
            }
            out[i] = (int) (long) v;
        }
        return out;
    }

    private static ByteBuffer readExactly(FileChannel channel, long position, int length, Path path) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException(path + ": truncated safetensors file (ended at byte " + (position + buffer.position()) + ")");
            }
        }
        return buffer.flip();
    }

    /** A parameter's entry view (for callers that save single tensors). */
    public static Entry entryOf(Tensor t) {
        return new Entry(t.shape(), t.data());
    }

    /** A name from a file as it may appear in a one-line error: control characters escaped. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
