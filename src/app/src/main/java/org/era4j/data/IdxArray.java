package org.era4j.data;

/**
 * The contents of one unsigned-byte IDX file: its dimensions (outermost first) and its values in
 * row-major order, as {@link IdxReader#read(java.nio.file.Path)} returns them.
 *
 * @param name where it was read from (used in every error message)
 */
public record IdxArray(String name, int[] dimensions, byte[] data) {
}
