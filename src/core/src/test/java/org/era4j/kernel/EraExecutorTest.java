package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;
import org.era4j.testkit.EraBackendConformance;
import org.era4j.testkit.EraCase;

class EraExecutorTest {

    /** A (outer, channels, inner) tensor with a sharing mode, random parameter sets and data. */
    record Problem(EraSpec spec, ParameterSharing sharing, int outer, int channels, int inner,
                   float[] params, float[] x, float[] dy) {

        static Problem draw(long seed, ParameterSharing.Mode mode, ChannelLayout layout, int outer, int channels, int inner) {
            Random random = new Random(seed);
            EraSpec spec = EraSpec.of(1 + random.nextInt(4));
            int groups = mode == ParameterSharing.Mode.GROUP ? divisorOf(channels, random) : channels;
            ParameterSharing sharing = switch (mode) {
                case LAYER -> ParameterSharing.layer();
                case CHANNEL -> ParameterSharing.perChannel(channels, layout);
                case GROUP -> ParameterSharing.grouped(channels, groups, layout);
            };
            int effectiveInner = layout == ChannelLayout.CHANNELS_LAST && mode != ParameterSharing.Mode.LAYER ? 1 : inner;
            int length = outer * channels * effectiveInner;
            float[] params = new float[sharing.sets() * spec.parameterCount()];
            for (int s = 0; s < sharing.sets(); s++) {
                System.arraycopy(EraCase.drawParams(spec, random, 5), 0, params, s * spec.parameterCount(), spec.parameterCount());
            }
            return new Problem(spec, sharing, outer, channels, effectiveInner, params,
                    EraCase.drawInputs(random, length, 3), EraCase.drawInputs(random, length, 1));
        }

        private static int divisorOf(int channels, Random random) {
            int g;
            do {
                g = 1 + random.nextInt(channels);
            } while (channels % g != 0);
            return g;
        }

        int setOfElement(int i) {
            if (sharing.mode() == ParameterSharing.Mode.LAYER) {
                return 0;
            }
            int channel = sharing.layout() == ChannelLayout.CHANNELS_FIRST ? (i / inner) % channels : i % channels;
            return sharing.setOf(channel);
        }
    }

    @Property(tries = 40)
    void everySharingModeAppliesEachElementsOwnSet(@ForAll @IntRange(min = 0, max = 2) int modeIndex,
                                                   @ForAll boolean channelsLast,
                                                   @ForAll @IntRange(min = 1, max = 5) int outer,
                                                   @ForAll @IntRange(min = 1, max = 12) int channels,
                                                   @ForAll @IntRange(min = 1, max = 40) int inner,
                                                   @ForAll long seed) {
        Problem p = Problem.draw(seed, ParameterSharing.Mode.values()[modeIndex],
                channelsLast ? ChannelLayout.CHANNELS_LAST : ChannelLayout.CHANNELS_FIRST, outer, channels, inner);
        int length = p.x().length;
        int count = p.spec().parameterCount();
        try (EraExecutor executor = new EraExecutor(VectorEraBackend.INSTANCE, 1)) {
            float[] y = new float[length];
            executor.forward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, y, 0, length, p.inner());
            float[] dx = new float[length];
            float[] dParams = new float[p.params().length];
            executor.backward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, p.dy(), 0, dx, 0, dParams, 0, length, p.inner());

            double[][] expected = new double[p.sharing().sets()][count];
            double[][] scale = new double[p.sharing().sets()][count];
            double[] gradient = new double[count];
            double[] gradientScale = new double[count];
            for (int i = 0; i < length; i++) {
                int set = p.setOfElement(i);
                float[] one = new float[1];
                ScalarEraBackend.INSTANCE.forward(p.spec(), p.params(), set * count, p.x(), i, one, 0, 1);
                assertEquals(one[0], y[i], "y[" + i + "] uses set " + set + " under " + p.sharing());
                double[] pd = EraReference.toDouble(p.spec(), p.params(), set * count);
                double g = p.dy()[i];
                double expectedDx = g * EraReference.derivative(p.spec(), pd, 0, p.x()[i]);
                double bound = 64 * EraAccuracy.UNIT_ROUNDOFF * Math.abs(g) * EraReference.derivativeScale(p.spec(), pd, 0, p.x()[i]) + Float.MIN_NORMAL;
                assertTrue(Math.abs(dx[i] - expectedDx) <= bound, "dx[" + i + "] under " + p.sharing());
                EraReference.parameterGradient(p.spec(), pd, 0, p.x()[i], gradient, 0);
                EraReference.parameterGradientScale(p.spec(), pd, 0, p.x()[i], gradientScale, 0);
                for (int k = 0; k < count; k++) {
                    expected[set][k] += g * gradient[k];
                    scale[set][k] += Math.abs(g) * gradientScale[k];
                }
            }
            for (int s = 0; s < p.sharing().sets(); s++) {
                for (int k = 0; k < count; k++) {
                    double bound = (length + 64) * EraAccuracy.UNIT_ROUNDOFF * scale[s][k] + Float.MIN_NORMAL;
                    double actual = dParams[s * count + k];
                    assertTrue(Math.abs(actual - expected[s][k]) <= bound,
                            "set " + s + " parameter " + k + ": " + actual + " vs " + expected[s][k] + " under " + p.sharing());
                }
            }
        }
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCountAndPool() {
        for (ParameterSharing.Mode mode : ParameterSharing.Mode.values()) {
            for (ChannelLayout layout : ChannelLayout.values()) {
                // large enough (above EraExecutor.PARALLEL_THRESHOLD) that several threads really share the chunks
                int outer = layout == ChannelLayout.CHANNELS_LAST && mode != ParameterSharing.Mode.LAYER ? 7 * 9000 : 7;
                Problem p = Problem.draw(42 + mode.ordinal(), mode, layout, outer, 6, 9000);
                assertTrue(p.x().length > EraExecutor.PARALLEL_THRESHOLD);
                float[] y1 = null;
                float[] dx1 = null;
                float[] dp1 = null;
                // threads 1-4 on the executor's own pool, then 2-4 on a GEMM's worker team
                for (int run = 1; run <= 7; run++) {
                    int threads = run <= 4 ? run : run - 3;
                    Gemm gemm = run <= 4 ? null : new Gemm(threads);
                    try (gemm; EraExecutor executor = gemm == null ? new EraExecutor(VectorEraBackend.INSTANCE, threads)
                            : new EraExecutor(VectorEraBackend.INSTANCE, gemm)) {
                        int length = p.x().length;
                        float[] y = new float[length];
                        float[] dx = new float[length];
                        float[] dp = new float[p.params().length];
                        executor.forward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, y, 0, length, p.inner());
                        executor.backward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, p.dy(), 0, dx, 0, dp, 0, length, p.inner());
                        if (y1 == null) {
                            y1 = y;
                            dx1 = dx;
                            dp1 = dp;
                        } else {
                            String what = p.sharing() + " with " + threads + " threads" + (gemm != null ? " of a GEMM" : "");
                            assertArrayEquals(y1, y, what);
                            assertArrayEquals(dx1, dx, what);
                            assertArrayEquals(dp1, dp, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badShapesAreRejectedWithAMessage() {
        EraSpec spec = EraSpec.of(1);
        float[] params = new float[4 * spec.parameterCount()];
        float[] x = new float[24];
        try (EraExecutor executor = new EraExecutor(ScalarEraBackend.INSTANCE, 1)) {
            ParameterSharing first = ParameterSharing.perChannel(4, ChannelLayout.CHANNELS_FIRST);
            EraBackendConformance.assertMessage("not (outer, 4 channels, 5 inner)",
                    () -> executor.forward(spec, first, params, 0, x, 0, x, 0, 24, 5));
            ParameterSharing last = ParameterSharing.perChannel(5, ChannelLayout.CHANNELS_LAST);
            EraBackendConformance.assertMessage("parameters",
                    () -> executor.forward(spec, last, params, 0, x, 0, x, 0, 20, 1));
            ParameterSharing last4 = ParameterSharing.perChannel(4, ChannelLayout.CHANNELS_LAST);
            EraBackendConformance.assertMessage("inner size 1",
                    () -> executor.forward(spec, last4, params, 0, x, 0, x, 0, 24, 3));
            EraBackendConformance.assertMessage("parameters",
                    () -> executor.backward(spec, first, params, 0, x, 0, x, 0, x, 0, new float[6], 0, 24, 6));
        }
        EraBackendConformance.assertMessage("threads", () -> new EraExecutor(ScalarEraBackend.INSTANCE, 0));
        EraBackendConformance.assertMessage("divide", () -> ParameterSharing.grouped(6, 4, ChannelLayout.CHANNELS_LAST));
    }

    /** Records which threads ran kernel calls; otherwise the vector backend. */
    private static final class ThreadRecordingBackend implements EraBackend {
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void forward(EraSpec spec, float[] params, int paramsOffset, float[] x, int xOffset, float[] y, int yOffset, int length) {
            threads.add(Thread.currentThread().getName());
            VectorEraBackend.INSTANCE.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        }

        @Override
        public void backward(EraSpec spec, float[] params, int paramsOffset, float[] x, int xOffset, float[] dy, int dyOffset,
                             float[] dx, int dxOffset, float[] dParams, int dParamsOffset, int length) {
            threads.add(Thread.currentThread().getName());
            VectorEraBackend.INSTANCE.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset, dParams, dParamsOffset, length);
        }

        @Override
        public void forward(EraSpec spec, float[] params, int paramsOffset, java.lang.foreign.MemorySegment x, long xOffset,
                            java.lang.foreign.MemorySegment y, long yOffset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void backward(EraSpec spec, float[] params, int paramsOffset, java.lang.foreign.MemorySegment x, long xOffset,
                             java.lang.foreign.MemorySegment dy, long dyOffset, java.lang.foreign.MemorySegment dx, long dxOffset,
                             float[] dParams, int dParamsOffset, long length) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void tensorsBelowTheThresholdStayOnTheCallingThreadAndLargerOnesUseTheWorkers() {
        EraSpec spec = EraSpec.of(2);
        float[] params = EraCase.drawParams(spec, new Random(3), 2);
        for (int length : new int[] {EraExecutor.PARALLEL_THRESHOLD - 1, 4 * EraExecutor.PARALLEL_THRESHOLD}) {
            ThreadRecordingBackend backend = new ThreadRecordingBackend();
            float[] x = new float[length];
            float[] y = new float[length];
            try (EraExecutor executor = new EraExecutor(backend, 2)) {
                executor.forward(spec, ParameterSharing.layer(), params, 0, x, 0, y, 0, length, 1);
            }
            String caller = Thread.currentThread().getName();
            if (length < EraExecutor.PARALLEL_THRESHOLD) {
                assertEquals(java.util.Set.of(caller), backend.threads, "below the threshold");
            } else {
                assertEquals(java.util.Set.of("era4j-worker"), backend.threads, "above the threshold");
            }
        }
    }

    /**
     * Segment tensors (native, and byte[]-backed one byte off float alignment) through a caller's
     * Executor with 1..4 tasks give bitwise the float[] path's y, dx and dParams with the executor's
     * own threads, for every sharing mode and layout, above the parallel threshold.
     */
    @Test
    void segmentsOnACallersExecutorEqualTheArrayPathForAnyThreadCount() {
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (ParameterSharing.Mode mode : ParameterSharing.Mode.values()) {
                for (ChannelLayout layout : ChannelLayout.values()) {
                    int outer = layout == ChannelLayout.CHANNELS_LAST && mode != ParameterSharing.Mode.LAYER ? 7 * 9000 : 7;
                    Problem p = Problem.draw(7 + mode.ordinal(), mode, layout, outer, 6, 9000);
                    int length = p.x().length;
                    assertTrue(length > EraExecutor.PARALLEL_THRESHOLD);
                    float[] y = new float[length];
                    float[] dx = new float[length];
                    float[] dp = new float[p.params().length];
                    try (EraExecutor own = new EraExecutor(VectorEraBackend.INSTANCE, 2)) {
                        own.forward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, y, 0, length, p.inner());
                        own.backward(p.spec(), p.sharing(), p.params(), 0, p.x(), 0, p.dy(), 0, dx, 0, dp, 0, length, p.inner());
                    }
                    for (int threads = 1; threads <= 4; threads++) {
                        for (SegmentKernelProperties.Kind kind : new SegmentKernelProperties.Kind[] {
                                SegmentKernelProperties.Kind.NATIVE, SegmentKernelProperties.Kind.HEAP_BYTES}) {
                            String what = p.sharing() + " " + kind + " on the caller's executor, " + threads + " tasks";
                            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared();
                                 EraExecutor executor = new EraExecutor(VectorEraBackend.INSTANCE, callers, threads)) {
                                var xs = SegmentKernelProperties.holding(arena, kind, 1, p.x(), 3, 0);
                                var dys = SegmentKernelProperties.holding(arena, kind, 1, p.dy(), 3, 0);
                                var out = SegmentKernelProperties.segment(arena, kind, 1, length + 3L);
                                executor.forward(p.spec(), p.sharing(), p.params(), 0, xs, 3, out, 3, length, p.inner());
                                assertArrayEquals(y, SegmentKernelProperties.read(out, 3, length), "y, " + what);
                                float[] segmentParams = new float[p.params().length];
                                executor.backward(p.spec(), p.sharing(), p.params(), 0, xs, 3, dys, 3, out, 3,
                                        segmentParams, 0, length, p.inner());
                                assertArrayEquals(dx, SegmentKernelProperties.read(out, 3, length), "dx, " + what);
                                assertArrayEquals(dp, segmentParams, "dParams, " + what);
                                assertTrue(Float.isNaN(out.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 2)),
                                        "nothing written before the range, " + what);
                            }
                        }
                    }
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** The caller's executor really runs the tasks, and closing the EraExecutor leaves it running. */
    @Test
    void aCallersExecutorRunsTheTasksAndOutlivesClose() {
        EraSpec spec = EraSpec.of(2);
        float[] params = EraCase.drawParams(spec, new Random(5), 2);
        int length = 4 * EraExecutor.PARALLEL_THRESHOLD;
        ThreadRecordingBackend backend = new ThreadRecordingBackend();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2, r -> new Thread(r, "caller-pool"));
        try {
            float[] x = new float[length];
            float[] y = new float[length];
            try (EraExecutor executor = new EraExecutor(backend, callers, 3)) {
                assertEquals(3, executor.threads());
                executor.forward(spec, ParameterSharing.layer(), params, 0, x, 0, y, 0, length, 1);
            }
            assertEquals(java.util.Set.of("caller-pool"), backend.threads);
            assertTrue(!callers.isShutdown(), "close() must not shut down the caller's executor");
            // A direct executor runs every task on the calling thread; results are the same.
            float[] direct = new float[length];
            try (EraExecutor executor = new EraExecutor(VectorEraBackend.INSTANCE, Runnable::run, 4)) {
                executor.forward(spec, ParameterSharing.layer(), params, 0, x, 0, direct, 0, length, 1);
            }
            assertArrayEquals(y, direct);
        } finally {
            callers.shutdownNow();
        }
        EraBackendConformance.assertMessage("executor is null", () -> new EraExecutor(backend, null, 2));
        EraBackendConformance.assertMessage("threads", () -> new EraExecutor(backend, Runnable::run, 0));
    }

    /** A worker's exception reaches the caller, after every task has finished. */
    @Test
    void aFailingChunkIsReportedToTheCaller() {
        EraSpec spec = EraSpec.of(1);
        float[] params = EraCase.drawParams(spec, new Random(6), 2);
        int length = 2 * EraExecutor.PARALLEL_THRESHOLD;
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (EraExecutor executor = new EraExecutor(new ThreadRecordingBackend(), callers, 2)) {
            var x = java.lang.foreign.MemorySegment.ofArray(new float[length]);
            // ThreadRecordingBackend's segment overloads throw UnsupportedOperationException.
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> executor.forward(spec, ParameterSharing.layer(), params, 0, x, 0, x, 0, length, 1));
        } finally {
            callers.shutdownNow();
        }
    }
}
