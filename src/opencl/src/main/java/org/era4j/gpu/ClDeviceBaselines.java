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
     * @param copyKernel    the {@code copy_floats} kernel
     * @param readReadWrite the {@code read_read_write} kernel
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
        long global = (length + workGroup - 1) / workGroup * workGroup;
        try (ClProgram program = ClProgram.build(kernels.context(), source(), "");
             ClKernel copy = ClKernel.create(program, "copy_floats");
             ClKernel stream = ClKernel.create(program, "read_read_write");
             ClBuffer a = kernels.allocate(length);
             ClBuffer b = kernels.allocate(length);
             ClBuffer c = kernels.allocate(length)) {
            copy.arg(0, a).arg(1, c).arg(2, length);
            stream.arg(0, a).arg(1, b).arg(2, c).arg(3, length);
            long[] range = {global};
            long[] local = {workGroup};
            long bestCopyBuffer = Long.MAX_VALUE;
            long bestCopyKernel = Long.MAX_VALUE;
            long bestStream = Long.MAX_VALUE;
            for (int r = 0; r <= repetitions; r++) {
                long copyBuffer = queue.copy(a, 0, c, 0, length);
                long copyKernel = queue.run(copy, range, local);
                long streamKernel = queue.run(stream, range, local);
                if (r > 0) { // the first round warms caches and the driver
                    bestCopyBuffer = Math.min(bestCopyBuffer, copyBuffer);
                    bestCopyKernel = Math.min(bestCopyKernel, copyKernel);
                    bestStream = Math.min(bestStream, streamKernel);
                }
            }
            return new Rates(rate(length, bestCopyBuffer), rate(length, bestCopyKernel), rate(length, bestStream));
        }
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
