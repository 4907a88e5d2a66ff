/**
 * Crash-safe file writing ({@link org.era4j.io.AtomicFiles}: temporary file, fsync, rename), shared
 * by every writer of era4j.
 */
package org.era4j.io;
