package org.era4j.gpu;

import java.util.Locale;
import java.util.SplittableRandom;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * Throughput of the OpenCL ERA kernels on one device, in elements per second, three ways:
 * <ul>
 *   <li>kernel: device time of the kernels alone (OpenCL profiling events), what a training loop
 *       that keeps tensors on the device with {@link ClEraKernels} pays;</li>
 *   <li>with transfer: device time of kernels plus host-device copies, what the array API of
 *       {@link OpenClEraBackend} pays on the device;</li>
 *   <li>wall: host wall-clock time of the array API calls, including launch and call overhead.</li>
 * </ul>
 * Used by {@code era bench}; the caller decides sizes and repetitions (one warm-up call first).
 */
public final class OpenClEraTiming {

    /** One measurement; rates are elements per second, averaged over the repetitions. */
    public record Result(String device, EraSpec spec, int length, int repetitions,
                         double forwardKernel, double forwardWithTransfer, double forwardWall,
                         double backwardKernel, double backwardWithTransfer, double backwardWall) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s n=%d length=%d x%d: forward %.1f / %.1f / %.1f Melem/s, "
                            + "backward %.1f / %.1f / %.1f Melem/s (kernel / with transfer / wall)",
                    device, spec.fractions(), length, repetitions,
                    forwardKernel / 1e6, forwardWithTransfer / 1e6, forwardWall / 1e6,
                    backwardKernel / 1e6, backwardWithTransfer / 1e6, backwardWall / 1e6);
        }
    }

    private OpenClEraTiming() {
    }

    /** Times forward and backward over {@code length} seeded elements, layer sharing. */
    public static Result measure(OpenClEraBackend backend, EraSpec spec, int length, int repetitions, long seed) {
        if (length < 1 || repetitions < 1) {
            throw new IllegalArgumentException("length and repetitions must be >= 1, got " + length + ", " + repetitions);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] params = new float[spec.parameterCount()];
        for (int k = 0; k < params.length; k++) {
            params[k] = (float) random.nextDouble(-1, 1);
        }
        float[] x = new float[length];
        float[] dy = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-4, 4);
            dy[i] = (float) random.nextDouble(-1, 1);
        }
        float[] y = new float[length];
        float[] dParams = new float[params.length];
        ParameterSharing layer = ParameterSharing.layer();
        backend.forward(spec, layer, params, 0, x, 0, y, 0, length, 1);
        backend.backward(spec, layer, params, 0, x, 0, dy, 0, y, 0, dParams, 0, length, 1);

        ClTimings before = backend.timings();
        long start = System.nanoTime();
        for (int r = 0; r < repetitions; r++) {
            backend.forward(spec, layer, params, 0, x, 0, y, 0, length, 1);
        }
        long forwardWall = System.nanoTime() - start;
        ClTimings forward = backend.timings().since(before);

        before = backend.timings();
        start = System.nanoTime();
        for (int r = 0; r < repetitions; r++) {
            backend.backward(spec, layer, params, 0, x, 0, dy, 0, y, 0, dParams, 0, length, 1);
        }
        long backwardWall = System.nanoTime() - start;
        ClTimings backward = backend.timings().since(before);

        double elements = (double) length * repetitions;
        return new Result(backend.device().name(), spec, length, repetitions,
                rate(elements, forward.kernelNanos()), rate(elements, forward.kernelNanos() + forward.transferNanos()),
                rate(elements, forwardWall),
                rate(elements, backward.kernelNanos()), rate(elements, backward.kernelNanos() + backward.transferNanos()),
                rate(elements, backwardWall));
    }

    private static double rate(double elements, long nanos) {
        return nanos > 0 ? elements * 1e9 / nanos : Double.POSITIVE_INFINITY;
    }

    /**
     * Prints measurements: {@code OpenClEraTiming [selector] [length] [repetitions]}; for docs and
     * manual runs (the CLI's {@code era bench} is the supported front end).
     */
    public static void main(String[] args) {
        String selector = args.length > 0 ? args[0] : null;
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (OpenClEraBackend backend = OpenClEraBackend.open(selector)) {
            for (int n : new int[] {1, 2, 4, 8}) {
                System.out.println(measure(backend, EraSpec.of(n), length, repetitions, 42));
            }
        }
    }
}
