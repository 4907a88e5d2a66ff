package org.era4j.autograd;

import org.era4j.kernel.Gemm;
import org.era4j.kernel.ReluKernel;

/**
 * {@code max(x, 0)} (NaN stays NaN, -0 stays -0); derivative 1 for x > 0, else 0 (0 at the kink).
 * Both directions run the branch-free {@link ReluKernel}; tensors of more than {@link #CHUNK}
 * elements are cut into chunks of that size for the GEMM's workers (elementwise, so the split
 * cannot change results).
 */
public final class Relu {

    /** Elements per parallel task: large enough to amortise the hand-off. */
    static final int CHUNK = 65_536;

    private Relu() {
    }

    /** On the calling thread only. */
    public static Tensor apply(Tensor input) {
        return apply(null, input);
    }

    /** @param gemm whose workers take the chunks, or null for the calling thread */
    public static Tensor apply(Gemm gemm, Tensor input) {
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        chunks(gemm, x.length, (from, to) -> ReluKernel.forward(x, y, from, to));
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            // zeroed per chunk on the workers, then adopted by the input (no serial zero fill)
            float[] gx = BufferPool.take(x.length, false);
            chunks(gemm, x.length, (from, to) -> {
                java.util.Arrays.fill(gx, from, to, 0f);
                ReluKernel.backward(x, g, gx, from, to);
            });
            Tensor.accumulateOwned(input, gx);
        }, input);
    }

    /** A body over element range {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, length) in chunks of {@link #CHUNK}, on the workers when there are several chunks. */
    static void chunks(Gemm gemm, int length, Range body) {
        int chunks = (length + CHUNK - 1) / CHUNK;
        if (gemm == null || chunks <= 1) {
            body.run(0, length);
            return;
        }
        gemm.forEach(chunks, (worker, from, to, serial) -> body.run(from * CHUNK, Math.min(length, to * CHUNK)));
    }
}
