package org.era4j.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The device's own memory baselines, timed with profiling events on the queue of an
 * {@link ClEraKernels}: {@code clEnqueueCopyBuffer}, a trivial copy kernel (forward's traffic) and
 * a two-read-one-write kernel (backward's traffic), in elements per second. They tell how far an
 * ERA kernel is from what the device's memory gives, which a comparison with the CPU cannot.
 */
public final class ClDeviceBaselines {

    /**
     * Rates in elements per second, each the best of the repetitions.
     *
     * @param copyBuffer    {@code clEnqueueCopyBuffer}
     * @param copyKernel    the faster copy kernel: one float per work-item ({@code copy_floats}) or
     *                      the ERA kernels' vector width per work-item ({@code copy_chunks})
     * @param readReadWrite the faster two-read-one-write kernel, in the same two shapes
     */
    public record Rates(double copyBuffer, double copyKernel, double readReadWrite) {

        /** The faster of the two copies: the device's copy rate. */
        public double copy() {
            return Math.max(copyBuffer, copyKernel);
        }
    }

    private ClDeviceBaselines() {
    }

    /** Measures the three baselines on {@code length} floats, {@code repetitions} times each (after one warm-up). */
    public static Rates measure(ClEraKernels kernels, long length, int repetitions) {
        if (length < 1 || repetitions < 1) {
            throw new IllegalArgumentException("length and repetitions must be >= 1, got " + length + ", " + repetitions);
        }
        ClQueue queue = kernels.queue();
        long workGroup = kernels.workGroup();
        int vector = kernels.vectorWidth();
        long chunks = (length + vector - 1) / vector;
        long padded = chunks * vector;
        try (ClProgram program = ClProgram.build(kernels.context(), source(), "-DVEC=" + vector);
             ClKernel copy = ClKernel.create(program, "copy_floats");
             ClKernel copyChunks = ClKernel.create(program, "copy_chunks");
             ClKernel stream = ClKernel.create(program, "read_read_write");
             ClKernel streamChunks = ClKernel.create(program, "read_read_write_chunks");
             ClBuffer a = kernels.allocate(padded);
             ClBuffer b = kernels.allocate(padded);
             ClBuffer c = kernels.allocate(padded)) {
            copy.arg(0, a).arg(1, c).arg(2, length);
            copyChunks.arg(0, a).arg(1, c).arg(2, chunks);
            stream.arg(0, a).arg(1, b).arg(2, c).arg(3, length);
            streamChunks.arg(0, a).arg(1, b).arg(2, c).arg(3, chunks);
            long[] elements = {roundUp(length, workGroup)};
            long[] vectors = {roundUp(chunks, workGroup)};
            long[] local = {workGroup};
            long bestCopyBuffer = Long.MAX_VALUE;
            long bestCopyKernel = Long.MAX_VALUE;
            long bestStream = Long.MAX_VALUE;
            for (int r = 0; r <= repetitions; r++) {
                long copyBuffer = queue.copy(a, 0, c, 0, length);
                long copyKernel = Math.min(queue.run(copy, elements, local), queue.run(copyChunks, vectors, local));
                long streamKernel = Math.min(queue.run(stream, elements, local), queue.run(streamChunks, vectors, local));
                if (r > 0) { // the first round warms caches and the driver
                    bestCopyBuffer = Math.min(bestCopyBuffer, copyBuffer);
                    bestCopyKernel = Math.min(bestCopyKernel, copyKernel);
                    bestStream = Math.min(bestStream, streamKernel);
                }
            }
            return new Rates(rate(length, bestCopyBuffer), rate(length, bestCopyKernel), rate(length, bestStream));
        }
    }

    private static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static double rate(long elements, long nanos) {
        return nanos > 0 ? elements * 1e9 / nanos : Double.POSITIVE_INFINITY;
    }

    static String source() {
        try (InputStream in = ClDeviceBaselines.class.getResourceAsStream("baselines.cl")) {
            if (in == null) {
                throw new IllegalStateException("resource org/era4j/gpu/baselines.cl is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
