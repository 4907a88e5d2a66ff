package org.era4j.gpu;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.era4j.kernel.DeviceTimedBackend;
import org.era4j.kernel.WholeTensorBackend;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraSpec;

/**
 * {@link EraBackend} on an OpenCL device: each call copies its inputs into device buffers that stay
 * allocated across calls (grown when a call needs more, never shrunk), runs {@link ClEraKernels}
 * and copies the results back. For training without per-call copies use {@link #kernels()}, whose
 * methods take device buffers.
 *
 * <p>Numerics follow {@link org.era4j.kernel.ScalarEraBackend}: the same float32 operations in the
 * same order (explicit FMA, one division per fraction), the
 * eps of the {@link EraSpec}, {@code dParams} accumulated. Parameter gradients are summed per
 * work-item, then per work-group and across groups in a fixed order (see {@link ClEraKernels}), so
 * they differ from the sequential CPU sum by rounding only. NaN or infinite {@code x} gives NaN.
 *
 * <p>Unlike the CPU backends this one holds native resources: close it. Calls are serialised.
 * Open one with {@link #open(String)} ({@code --device} selectors, see {@link ClDeviceSelector}).
 */
public final class OpenClEraBackend implements DeviceTimedBackend, WholeTensorBackend {

    private final ClEraKernels kernels;
    private final Staging params = new Staging();
    private final Staging dParams = new Staging();
    private final Staging in = new Staging();
    private final Staging gradient = new Staging();
    private final Staging out = new Staging();
    /** This backward's parameter sums (overwritten on the device, added on the host). */
    private final Staging sums = new Staging();

    /** Tensors kept on the device between {@link #forwardRetaining} and {@link #backwardRetained}, oldest first. */
    private final LinkedHashMap<Long, Retained> retained = new LinkedHashMap<>();
    /** Device buffers of spent tokens, reused by the next forwardRetaining. */
    private final ArrayDeque<ClBuffer> spare = new ArrayDeque<>();
    private float[] hostSums = new float[0];
    private long nextToken = 1;

    /** Most tokens kept at once (a network's ERA layers of one step; older ones are evicted). */
    static final int MAX_RETAINED = 32;

    private OpenClEraBackend(ClEraKernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Opens the device chosen by {@code selector} (null: system property
     * {@value ClDeviceSelector#PROPERTY}, else the first GPU, else the first device) through the
     * system's OpenCL loader.
     *
     * @throws OpenClUnavailableException when no OpenCL loader or platform is installed
     * @throws IllegalArgumentException   when the selector matches no device
     */
    public static OpenClEraBackend open(String selector) {
        return open(ClDeviceSelector.select(OpenCl.system(), selector));
    }

    /** Opens a given device. */
    public static OpenClEraBackend open(ClDevice device) {
        return new OpenClEraBackend(ClEraKernels.create(device));
    }

    /** Opens a given device with {@code vectorWidth} elements per work-item (tests of the other widths). */
    static OpenClEraBackend open(ClDevice device, int vectorWidth) {
        return new OpenClEraBackend(ClEraKernels.create(device, vectorWidth));
    }

    @Override
    public String name() {
        return "opencl";
    }

    public ClDevice device() {
        return kernels.device();
    }

    /** The device-resident API on the same context and queue. */
    public ClEraKernels kernels() {
        return kernels;
    }

    /** Kernel and transfer time of this backend's queue so far. */
    public ClTimings timings() {
        return kernels.timings();
    }

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        forward(spec, ParameterSharing.layer(), params, paramsOffset, x, xOffset, y, yOffset, length, 1);
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length) {
        backward(spec, ParameterSharing.layer(), params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, 1);
    }

    /**
     * Forward over a whole tensor under a sharing mode, in one launch (same arguments as
     * {@link org.era4j.kernel.EraExecutor#forward}).
     */
    @Override
    public synchronized void forward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                     float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        int count = checkForward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
        if (length == 0) {
            return;
        }
        kernels.write(params, paramsOffset, count, this.params.at(kernels, count), 0);
        kernels.write(x, xOffset, length, in.at(kernels, length), 0);
        kernels.forward(spec, sharing, this.params.buffer, 0, in.buffer, 0, out.at(kernels, length), 0, length, inner);
        kernels.read(out.buffer, 0, y, yOffset, length);
    }

    /** Fused backward over a whole tensor under a sharing mode ({@code dParams} has one slot per set). */
    @Override
    public synchronized void backward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                      float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                      float[] dParams, int dParamsOffset, int length, int inner) {
        int count = checkBackward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, inner);
        if (length == 0) {
            return;
        }
        kernels.write(params, paramsOffset, count, this.params.at(kernels, count), 0);
        kernels.write(dParams, dParamsOffset, count, this.dParams.at(kernels, count), 0);
        kernels.write(x, xOffset, length, in.at(kernels, length), 0);
        kernels.write(dy, dyOffset, length, gradient.at(kernels, length), 0);
        kernels.backward(spec, sharing, this.params.buffer, 0, in.buffer, 0, gradient.buffer, 0,
                out.at(kernels, length), 0, this.dParams.buffer, 0, length, inner);
        kernels.read(out.buffer, 0, dx, dxOffset, length);
        kernels.read(this.dParams.buffer, 0, dParams, dParamsOffset, count);
    }

    /**
     * Forward that keeps the uploaded x and parameters on the device for
     * {@link #backwardRetained}: 3 transfers here (parameters and x up, y down) and 3 in backward
     * (dy up, dx and the parameter sums down) instead of 3 + 6.
     */
    @Override
    public synchronized long forwardRetaining(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                              float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        int count = checkForward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
        if (length == 0) {
            return 0L;
        }
        ClBuffer paramsBuffer = take(count);
        ClBuffer xBuffer = null;
        try {
            xBuffer = take(length);
            kernels.write(params, paramsOffset, count, paramsBuffer, 0);
            kernels.write(x, xOffset, length, xBuffer, 0);
            kernels.forward(spec, sharing, paramsBuffer, 0, xBuffer, 0, out.at(kernels, length), 0, length, inner);
            kernels.read(out.buffer, 0, y, yOffset, length);
        } catch (RuntimeException e) {
            give(paramsBuffer);
            give(xBuffer);
            throw e;
        }
        long token = nextToken++;
        retained.put(token, new Retained(params, paramsOffset, count, paramsBuffer, x, xOffset, length, xBuffer));
        Iterator<Retained> oldest = retained.values().iterator();
        while (retained.size() > MAX_RETAINED) {
            Retained evicted = oldest.next();
            oldest.remove();
            give(evicted.paramsBuffer);
            give(evicted.xBuffer);
        }
        return token;
    }

    /**
     * Backward on what {@link #forwardRetaining} kept (falls back to {@link #backward} when the token
     * is unknown, evicted, or was made for other arrays). The device overwrites a buffer with this
     * call's parameter sums and the host adds them to {@code dParams}: the same float addition the
     * accumulating kernel does, so results are bitwise those of {@link #backward}.
     */
    @Override
    public synchronized void backwardRetained(long token, EraSpec spec, ParameterSharing sharing, float[] params,
                                              int paramsOffset, float[] x, int xOffset, float[] dy, int dyOffset,
                                              float[] dx, int dxOffset, float[] dParams, int dParamsOffset,
                                              int length, int inner) {
        Retained kept = retained.remove(token);
        try {
            int count = checkBackward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                    dParams, dParamsOffset, length, inner);
            if (kept == null || !kept.holds(params, paramsOffset, count, x, xOffset, length)) {
                backward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                        dParams, dParamsOffset, length, inner);
                return;
            }
            kernels.write(dy, dyOffset, length, gradient.at(kernels, length), 0);
            kernels.backward(spec, sharing, kept.paramsBuffer, 0, kept.xBuffer, 0, gradient.buffer, 0,
                    out.at(kernels, length), 0, sums.at(kernels, count), 0, length, inner, false);
            kernels.read(out.buffer, 0, dx, dxOffset, length);
            if (hostSums.length < count) {
                hostSums = new float[count];
            }
            kernels.read(sums.buffer, 0, hostSums, 0, count);
            for (int i = 0; i < count; i++) {
                dParams[dParamsOffset + i] += hostSums[i];
            }
        } finally {
            if (kept != null) {
                give(kept.paramsBuffer);
                give(kept.xBuffer);
            }
        }
    }

    /** Tokens currently holding device buffers (for tests). */
    synchronized int retainedCount() {
        return retained.size();
    }

    /** A spare buffer of at least {@code floats} floats, or a new one. */
    private ClBuffer take(long floats) {
        for (Iterator<ClBuffer> it = spare.iterator(); it.hasNext(); ) {
            ClBuffer buffer = it.next();
            if (buffer.floats() >= floats) {
                it.remove();
                return buffer;
            }
        }
        return kernels.allocate(Math.max(1, floats));
    }

    private void give(ClBuffer buffer) {
        if (buffer == null) {
            return;
        }
        if (spare.size() >= 2 * MAX_RETAINED) {
            spare.pollFirst().close();
        }
        spare.addLast(buffer);
    }

    /** What one forwardRetaining left on the device, and the host arrays it came from. */
    private record Retained(float[] params, int paramsOffset, int count, ClBuffer paramsBuffer,
                            float[] x, int xOffset, int length, ClBuffer xBuffer) {
        boolean holds(float[] params, int paramsOffset, int count, float[] x, int xOffset, int length) {
            return this.params == params && this.paramsOffset == paramsOffset && this.count == count
                    && this.x == x && this.xOffset == xOffset && this.length == length;
        }
    }

    @Override
    public synchronized void forward(EraSpec spec, float[] params, int paramsOffset,
                                     MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        SharingShape shape = checkSpec(spec, ParameterSharing.layer(), params, paramsOffset, length, 1);
        HostRanges.range("x", x, xOffset, length);
        HostRanges.range("y", y, yOffset, length);
        HostRanges.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        if (length == 0) {
            return;
        }
        int count = shape.sets() * spec.parameterCount();
        kernels.write(params, paramsOffset, count, this.params.at(kernels, count), 0);
        kernels.write(x, xOffset, length, in.at(kernels, length), 0);
        kernels.forward(spec, ParameterSharing.layer(), this.params.buffer, 0, in.buffer, 0,
                out.at(kernels, length), 0, length, 1);
        kernels.read(out.buffer, 0, y, yOffset, length);
    }

    @Override
    public synchronized void backward(EraSpec spec, float[] params, int paramsOffset,
                                      MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                      MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset,
                                      long length) {
        checkSpec(spec, ParameterSharing.layer(), params, paramsOffset, length, 1);
        int count = spec.parameterCount();
        spec.checkParameters(dParams, dParamsOffset, 1);
        HostRanges.range("x", x, xOffset, length);
        HostRanges.range("dy", dy, dyOffset, length);
        HostRanges.range("dx", dx, dxOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        if (dParams == params && Math.abs((long) dParamsOffset - paramsOffset) < count) {
            throw new IllegalArgumentException("dParams overlaps params");
        }
        if (length == 0) {
            return;
        }
        kernels.write(params, paramsOffset, count, this.params.at(kernels, count), 0);
        kernels.write(dParams, dParamsOffset, count, this.dParams.at(kernels, count), 0);
        kernels.write(x, xOffset, length, in.at(kernels, length), 0);
        kernels.write(dy, dyOffset, length, gradient.at(kernels, length), 0);
        kernels.backward(spec, ParameterSharing.layer(), this.params.buffer, 0, in.buffer, 0, gradient.buffer, 0,
                out.at(kernels, length), 0, this.dParams.buffer, 0, length, 1);
        kernels.read(out.buffer, 0, dx, dxOffset, length);
        kernels.read(this.dParams.buffer, 0, dParams, dParamsOffset, count);
    }

    /** The whole-tensor forward's argument checks; returns the parameter count of all sets. */
    private static int checkForward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                    float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        SharingShape shape = checkSpec(spec, sharing, params, paramsOffset, length, inner);
        HostRanges.range("x", x, xOffset, length);
        HostRanges.range("y", y, yOffset, length);
        HostRanges.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        return shape.sets() * spec.parameterCount();
    }

    /** The whole-tensor backward's argument checks; returns the parameter count of all sets. */
    private static int checkBackward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                     float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                     float[] dParams, int dParamsOffset, int length, int inner) {
        SharingShape shape = checkSpec(spec, sharing, params, paramsOffset, length, inner);
        int count = shape.sets() * spec.parameterCount();
        spec.checkParameters(dParams, dParamsOffset, shape.sets());
        HostRanges.range("x", x, xOffset, length);
        HostRanges.range("dy", dy, dyOffset, length);
        HostRanges.range("dx", dx, dxOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        HostRanges.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        if (dParams == params && Math.abs((long) dParamsOffset - paramsOffset) < count) {
            throw new IllegalArgumentException("dParams overlaps params");
        }
        return count;
    }

    private static SharingShape checkSpec(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                          long length, int inner) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        SharingShape shape = SharingShape.of(sharing, length, inner);
        spec.checkParameters(params, paramsOffset, shape.sets());
        return shape;
    }

    @Override
    public synchronized void close() {
        for (Retained kept : retained.values()) {
            kept.paramsBuffer.close();
            kept.xBuffer.close();
        }
        retained.clear();
        while (!spare.isEmpty()) {
            spare.pollFirst().close();
        }
        sums.close();
        params.close();
        dParams.close();
        in.close();
        gradient.close();
        out.close();
        kernels.close();
    }

    /** A resident device buffer reused across calls, replaced only when a call needs more room. */
    private static final class Staging {
        ClBuffer buffer;

        ClBuffer at(ClEraKernels kernels, long floats) {
            if (buffer == null || buffer.floats() < floats) {
                close();
                buffer = kernels.allocate(Math.max(1, floats));
            }
            return buffer;
        }

        void close() {
            if (buffer != null) {
                ClBuffer b = buffer;
                buffer = null;
                b.close();
            }
        }
    }

    /** Event-timed rates ({@link OpenClEraTiming}) next to the device's baselines ({@link ClDeviceBaselines}). */
    @Override
    public Rates deviceRates(EraSpec spec, int length, int repetitions) {
        OpenClEraTiming.Result era = OpenClEraTiming.measure(this, spec, length, repetitions, 1);
        ClDeviceBaselines.Rates baselines = ClDeviceBaselines.measure(kernels, length, repetitions);
        return new Rates(era.device(), spec.fractions(), length, era.forwardKernel(), era.forwardWithTransfer(),
                era.forwardWall(), era.backwardKernel(), era.backwardWithTransfer(), era.backwardWall(),
                baselines.copy(), baselines.readReadWrite());
    }
}
