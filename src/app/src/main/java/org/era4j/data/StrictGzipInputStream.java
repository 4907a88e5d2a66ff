package org.era4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip data (RFC 1952): one member or several back to back, each checked against its
 * CRC32 and length. Unlike {@link java.util.zip.GZIPInputStream}, which stops silently at bytes
 * after a member that are not another member, anything after the last member is an error: a
 * file with trailing bytes is damaged or is not what it claims to be.
 */
final class StrictGzipInputStream extends InputStream {

    private static final int BUFFER = 1 << 16;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[BUFFER];
    private int inputLength;
    private long memberSize;
    private int members;
    private boolean ended;

    StrictGzipInputStream(InputStream in) throws IOException {
        this.in = new PushbackInputStream(in, 2 * BUFFER);
        readHeader();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (inflater.finished()) {
                endMember();
                continue;
            }
            if (inflater.needsInput()) {
                inputLength = in.read(input);
                if (inputLength < 0) {
                    throw new EOFException("gzip member " + members + " ends before its data do");
                }
                inflater.setInput(input, 0, inputLength);
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt deflate data in gzip member " + members + ": " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.needsDictionary()) {
                throw new ZipException("gzip member " + members + " needs a preset dictionary");
            }
        }
        return -1;
    }

    private void endMember() throws IOException {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            in.unread(input, inputLength - remaining, remaining);
        }
        byte[] trailer = in.readNBytes(8);
        if (trailer.length < 8) {
            throw new EOFException("gzip member " + members + " has no complete trailer");
        }
        long storedCrc = le32(trailer, 0);
        long storedSize = le32(trailer, 4);
        if (storedCrc != crc.getValue()) {
            throw new ZipException("gzip member " + members + " fails its CRC32 check");
        }
        if (storedSize != (memberSize & 0xffffffffL)) {
            throw new ZipException("gzip member " + members + " has the wrong length");
        }
        int next = in.read();
        if (next < 0) {
            ended = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        memberSize = 0;
        readHeader();
    }

    private void readHeader() throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 2 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
            throw new ZipException(members == 0 ? "not gzip data"
                    : "unexpected bytes after the gzip data (neither the end of the file nor another gzip member)");
        }
        if (head.length < 10) {
            throw new EOFException("gzip header truncated");
        }
        if (head[2] != 8) {
            throw new ZipException("unsupported gzip compression method " + head[2]);
        }
        int flags = head[3] & 0xff;
        if ((flags & 4) != 0) { // FEXTRA
            byte[] length = in.readNBytes(2);
            if (length.length < 2) {
                throw new EOFException("gzip header truncated");
            }
            int extra = (length[0] & 0xff) | (length[1] & 0xff) << 8;
            if (in.readNBytes(extra).length < extra) {
                throw new EOFException("gzip header truncated");
            }
        }
        for (int flag : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & flag) != 0) {
                int c;
                do {
                    c = in.read();
                    if (c < 0) {
                        throw new EOFException("gzip header truncated");
                    }
                } while (c != 0);
            }
        }
        if ((flags & 2) != 0 && in.readNBytes(2).length < 2) { // FHCRC
            throw new EOFException("gzip header truncated");
        }
        members++;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
