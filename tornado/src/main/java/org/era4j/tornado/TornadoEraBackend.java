package org.era4j.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.WholeTensorBackend;
import org.era4j.rational.EraSpec;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The core's {@link EraBackend} on a TornadoVM device, plus whole-tensor calls under any
 * {@link ParameterSharing} (the device-side counterpart of {@code EraExecutor}).
 *
 * <p>Each call copies its inputs into the off-heap staging buffers of an {@link EraPlan}, runs
 * the plan's precompiled task graph and copies the outputs back; parameter gradients are added
 * to {@code dParams} ({@code +=}, the contract). Plans are cached by capacity (powers of two
 * from {@value #MIN_CAPACITY} elements, and of parameter sets), so a training loop with fixed
 * shapes compiles its kernels once. Inputs and parameters travel on every run here, because a
 * caller may change any of them between calls; for data that stays on the device use
 * {@link EraPlan.Residency#DEVICE_RESIDENT} plans.
 *
 * <p>Calls are serialised (one device queue); results are deterministic for a given device:
 * the work split and every reduction order depend only on the shape.
 *
 * <p>Needs the TornadoVM runtime: launch with {@code tornado} or
 * {@code java @$TORNADOVM_HOME/tornado-argfile}. {@link #create()} is what
 * {@code EraBackends.open("tornado")} gives (through {@link TornadoBackendProvider}), and
 * {@link #on(String)} what {@code EraBackends.open("tornado:DEVICE")} gives. Close it when done:
 * {@link #close()} frees the device buffers of its plans.
 */
public final class TornadoEraBackend implements WholeTensorBackend {

    /** System property naming the device ({@link TornadoDevices#select}); default: TornadoVM's default. */
    public static final String DEVICE_PROPERTY = "era4j.tornado.device";
    /** Smallest plan capacity: small calls share one compiled plan. */
    static final int MIN_CAPACITY = 4096;

    private final TornadoDevice device;
    private final Map<Long, EraPlan> plans = new HashMap<>();

    private TornadoEraBackend(TornadoDevice device) {
        this.device = device;
    }

    /** A backend on the device named by {@value #DEVICE_PROPERTY}, or the default device. */
    public static TornadoEraBackend create() {
        return on(System.getProperty(DEVICE_PROPERTY));
    }

    /** A backend on the device a {@link TornadoDevices#select selector} names ({@code "0:0"}, {@code "pthread"}). */
    public static TornadoEraBackend on(String selector) {
        return new TornadoEraBackend(TornadoDevices.select(selector));
    }

    @Override
    public String name() {
        return "tornado";
    }

    /** The device the kernels run on. */
    public TornadoDevice device() {
        return device;
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

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        checkSpec(spec);
        spec.checkParameters(params, paramsOffset, 1);
        Arguments.range("x", x, xOffset, length);
        Arguments.range("y", y, yOffset, length);
        Arguments.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        KernelShape shape = KernelShape.of(spec, ParameterSharing.layer(), Arguments.length(length), 1);
        runForward(spec, shape, params, paramsOffset, x, xOffset, y, yOffset);
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length) {
        checkSpec(spec);
        spec.checkParameters(params, paramsOffset, 1);
        Arguments.dParams(spec, params, paramsOffset, dParams, dParamsOffset, 1);
        Arguments.range("x", x, xOffset, length);
        Arguments.range("dy", dy, dyOffset, length);
        Arguments.range("dx", dx, dxOffset, length);
        Arguments.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        Arguments.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        KernelShape shape = KernelShape.of(spec, ParameterSharing.layer(), Arguments.length(length), 1);
        runBackward(spec, shape, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset, dParams, dParamsOffset);
    }

    /**
     * {@code y = sigma(x)} over a whole tensor whose parameter sets follow {@code sharing}
     * ({@code sharing.sets()} sets from {@code paramsOffset}).
     *
     * @param inner H*W for channels-first sharing, 1 for channels-last, ignored for layer sharing
     */
    @Override
    public void forward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        KernelShape shape = shapeOf(spec, sharing, length, inner);
        spec.checkParameters(params, paramsOffset, shape.sets());
        Arguments.range("x", x, xOffset, length);
        Arguments.range("y", y, yOffset, length);
        Arguments.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        runForward(spec, shape, params, paramsOffset, MemorySegment.ofArray(x), xOffset, MemorySegment.ofArray(y), yOffset);
    }

    /**
     * Fused backward over a whole tensor: {@code dx = dy sigma'(x)} (overwritten) and
     * {@code dParams +=} the gradients of every set, laid out like {@code params}.
     */
    @Override
    public void backward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length, int inner) {
        KernelShape shape = shapeOf(spec, sharing, length, inner);
        spec.checkParameters(params, paramsOffset, shape.sets());
        Arguments.dParams(spec, params, paramsOffset, dParams, dParamsOffset, shape.sets());
        Arguments.range("x", x, xOffset, length);
        Arguments.range("dy", dy, dyOffset, length);
        Arguments.range("dx", dx, dxOffset, length);
        Arguments.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        Arguments.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        runBackward(spec, shape, params, paramsOffset, MemorySegment.ofArray(x), xOffset, MemorySegment.ofArray(dy),
                dyOffset, MemorySegment.ofArray(dx), dxOffset, dParams, dParamsOffset);
    }

    private static KernelShape shapeOf(EraSpec spec, ParameterSharing sharing, int length, int inner) {
        checkSpec(spec);
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return KernelShape.of(spec, sharing, length, inner);
    }

    private static void checkSpec(EraSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("ERA spec is null");
        }
    }

    private synchronized void runForward(EraSpec spec, KernelShape shape, float[] params, int paramsOffset,
                                         MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        if (shape.length() == 0) {
            return;
        }
        EraPlan plan = planFor(shape);
        plan.load(spec.eps(), shape, params, paramsOffset);
        long bytes = (long) shape.length() * Float.BYTES;
        MemorySegment.copy(x, xOffset * Float.BYTES, plan.x(), 0, bytes);
        plan.runForward();
        MemorySegment.copy(plan.y(), 0, y, yOffset * Float.BYTES, bytes);
    }

    private synchronized void runBackward(EraSpec spec, KernelShape shape, float[] params, int paramsOffset,
                                          MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                          MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset) {
        if (shape.length() == 0) {
            return;
        }
        EraPlan plan = planFor(shape);
        plan.load(spec.eps(), shape, params, paramsOffset);
        long bytes = (long) shape.length() * Float.BYTES;
        MemorySegment.copy(x, xOffset * Float.BYTES, plan.x(), 0, bytes);
        MemorySegment.copy(dy, dyOffset * Float.BYTES, plan.dy(), 0, bytes);
        plan.runBackward();
        MemorySegment.copy(plan.dx(), 0, dx, dxOffset * Float.BYTES, bytes);
        MemorySegment gradients = plan.gradients();
        int count = shape.sets() * shape.parameterCount();
        for (int k = 0; k < count; k++) {
            dParams[dParamsOffset + k] += gradients.getAtIndex(ValueLayout.JAVA_FLOAT, k);
        }
    }

    private EraPlan planFor(KernelShape shape) {
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, shape.length() - 1)) << 1);
        if (capacity < shape.length()) {
            capacity = shape.length();
        }
        int sets = shape.sets() == 1 ? 1 : Integer.highestOneBit(shape.sets() - 1) << 1;
        long key = ((long) capacity << 32) | sets;
        EraPlan plan = plans.get(key);
        if (plan == null) {
            plan = new EraPlan(device, capacity, sets, EraPlan.Residency.COPY_EVERY_RUN);
            plans.put(key, plan);
        }
        return plan;
    }

    /** Frees the device memory of every cached plan. */
    @Override
    public synchronized void close() {
        for (EraPlan plan : plans.values()) {
            plan.close();
        }
        plans.clear();
    }

    @Override
    public String toString() {
        return "tornado(" + device.getDeviceName() + ")";
    }
}
