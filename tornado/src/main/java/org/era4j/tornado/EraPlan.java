package org.era4j.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Two TornadoVM execution plans (forward; fused backward + ordered reduction) over buffers of a
 * fixed capacity, built and compiled once and then executed any number of times for any spec,
 * sharing and length that fit: the shape travels in a small {@code IntArray}, the launch sizes
 * are updated in the plan's {@link WorkerGrid1D}s before each run.
 *
 * <p>Buffers are TornadoVM {@link FloatArray}s (off-heap). Their data segments
 * ({@link #x()}, {@link #y()}, ...: {@code FloatArray.getSegment()}) are ordinary
 * {@link MemorySegment}s, so the Vector API backend can read and write the very same memory
 * without a copy.
 *
 * <p>{@link Residency} chooses the transfers:
 * <ul>
 *   <li>{@link Residency#COPY_EVERY_RUN}: data and parameters go to the device on every run and
 *       results come back (what the {@code EraBackend} adapter needs: callers may change
 *       anything between calls).</li>
 *   <li>{@link Residency#DEVICE_RESIDENT}: shape, parameters and inputs are
 *       {@code FIRST_EXECUTION} (copied once, then kept on the device), outputs are persisted on
 *       the device ({@code persistOnDevice}) and copied to the host only by {@link #fetchForward()}
 *       / {@link #fetchBackward()}. Runs after the first move no data; this is the
 *       "kernel only" cost.</li>
 * </ul>
 * Not thread-safe; one plan per caller thread. Close to free device memory.
 */
final class EraPlan implements AutoCloseable {

    /** How data moves between host and device. */
    enum Residency { COPY_EVERY_RUN, DEVICE_RESIDENT }

    private static final String FORWARD_GRAPH = "eraForward";
    private static final String BACKWARD_GRAPH = "eraBackward";
    /**
     * TornadoVM's default OpenCL flags include {@code -cl-fast-relaxed-math}, which lets the
     * compiler assume no NaN/Inf and use approximate division; the error bounds and the NaN
     * contract need IEEE division, so the plans compile without it.
     */
    private static final String OPENCL_FLAGS = "-w";

    private static int plans;

    private final int capacity;
    private final int setCapacity;
    private final Residency residency;
    private final IntArray shape = new IntArray(KernelShape.SIZE);
    private final FloatArray params;
    private final FloatArray x;
    private final FloatArray dy;
    private final FloatArray y;
    private final FloatArray dx;
    private final FloatArray partials;
    private final FloatArray gradients;
    private final WorkerGrid1D forwardGrid = new WorkerGrid1D(EraKernels.GROUP);
    private final WorkerGrid1D backwardGrid = new WorkerGrid1D(EraKernels.GROUP);
    private final WorkerGrid1D reduceGrid = new WorkerGrid1D(EraKernels.GROUP);
    private final TornadoExecutionPlan forwardPlan;
    private final TornadoExecutionPlan backwardPlan;
    private TornadoExecutionResult lastForward;
    private TornadoExecutionResult lastBackward;

    /**
     * @param device      where the kernels run
     * @param capacity    most elements per run (>= 1)
     * @param setCapacity most parameter sets per run (>= 1)
     */
    EraPlan(TornadoDevice device, int capacity, int setCapacity, Residency residency) {
        if (capacity < 1 || setCapacity < 1) {
            throw new IllegalArgumentException("plan capacity and set capacity must be >= 1, got "
                    + capacity + " and " + setCapacity);
        }
        this.capacity = capacity;
        this.setCapacity = setCapacity;
        this.residency = residency;
        params = new FloatArray(EraKernels.PARAMS_BASE + setCapacity * EraKernels.MAX_PARAMETERS);
        x = new FloatArray(capacity);
        dy = new FloatArray(capacity);
        y = new FloatArray(capacity);
        dx = new FloatArray(capacity);
        // tiles summed over sets <= capacity / TILE + sets (one partial tile per set at most)
        partials = new FloatArray((capacity / EraKernels.TILE + setCapacity) * EraKernels.MAX_PARAMETERS);
        gradients = new FloatArray(setCapacity * EraKernels.MAX_PARAMETERS);
        for (WorkerGrid1D grid : new WorkerGrid1D[] {forwardGrid, backwardGrid, reduceGrid}) {
            grid.setLocalWork(EraKernels.GROUP, 1, 1);
        }
        int id;
        synchronized (EraPlan.class) {
            id = plans++;
        }
        String forwardName = FORWARD_GRAPH + id;
        String backwardName = BACKWARD_GRAPH + id;
        KernelContext context = new KernelContext();
        boolean resident = residency == Residency.DEVICE_RESIDENT;
        int inputs = resident ? DataTransferMode.FIRST_EXECUTION : DataTransferMode.EVERY_EXECUTION;

        TaskGraph forward = new TaskGraph(forwardName)
                .transferToDevice(inputs, shape, params, x)
                .task("forward", EraKernels::forward, context, shape, params, x, y);
        forward = resident ? forward.persistOnDevice(y) : forward.transferToHost(DataTransferMode.EVERY_EXECUTION, y);

        TaskGraph backward = new TaskGraph(backwardName)
                .transferToDevice(inputs, shape, params, x, dy)
                .task("backward", EraKernels::backward, context, shape, params, x, dy, dx, partials)
                .task("reduce", EraKernels::reduce, context, shape, params, partials, gradients);
        backward = resident ? backward.persistOnDevice(dx, gradients)
                : backward.transferToHost(DataTransferMode.EVERY_EXECUTION, dx, gradients);

        forwardPlan = plan(forward.snapshot(), device,
                new GridScheduler(forwardName + ".forward", forwardGrid));
        GridScheduler backwardScheduler = new GridScheduler(backwardName + ".backward", backwardGrid);
        backwardScheduler.addWorkerGrid(backwardName + ".reduce", reduceGrid);
        backwardPlan = plan(backward.snapshot(), device, backwardScheduler);
    }

    private static TornadoExecutionPlan plan(ImmutableTaskGraph graph, TornadoDevice device, GridScheduler grids) {
        TornadoExecutionPlan plan = new TornadoExecutionPlan(graph);
        plan.withDevice(device);
        plan.withGridScheduler(grids);
        plan.withCompilerFlags(TornadoVMBackendType.OPENCL, OPENCL_FLAGS);
        // No withPreCompilation(): in 5.2 a later close() of another plan on the same device
        // then fails with "reset() was called after warmup()". Kernels compile on the first run.
        return plan;
    }

    int capacity() {
        return capacity;
    }

    int setCapacity() {
        return setCapacity;
    }

    Residency residency() {
        return residency;
    }

    /** Data segment of the input buffer ({@code capacity} floats). */
    MemorySegment x() {
        return x.getSegment();
    }

    MemorySegment dy() {
        return dy.getSegment();
    }

    MemorySegment y() {
        return y.getSegment();
    }

    MemorySegment dx() {
        return dx.getSegment();
    }

    /** The parameter gradients of the last backward run, {@code sets * p} floats, already scaled. */
    MemorySegment gradients() {
        return gradients.getSegment();
    }

    /**
     * Sets eps, the shape and the parameters ({@code shape.sets()} sets from {@code paramsOffset}).
     * In {@link Residency#DEVICE_RESIDENT} plans this must happen before the first run.
     */
    void load(float eps, KernelShape kernelShape, float[] source, int paramsOffset) {
        if (kernelShape.length() > capacity || kernelShape.sets() > setCapacity) {
            throw new IllegalArgumentException("plan holds " + capacity + " elements and " + setCapacity
                    + " sets, asked for " + kernelShape.length() + " and " + kernelShape.sets());
        }
        int[] values = kernelShape.toArray();
        for (int k = 0; k < values.length; k++) {
            shape.set(k, values[k]);
        }
        params.set(0, eps);
        int count = kernelShape.sets() * kernelShape.parameterCount();
        MemorySegment.copy(source, paramsOffset, params.getSegment(), ValueLayout.JAVA_FLOAT,
                (long) EraKernels.PARAMS_BASE * Float.BYTES, count);
        forwardGrid.setGlobalWork(kernelShape.forwardThreads(), 1, 1);
        backwardGrid.setGlobalWork(kernelShape.backwardThreads(), 1, 1);
        reduceGrid.setGlobalWork(kernelShape.reduceThreads(), 1, 1);
    }

    /** Runs forward on what {@link #x()} holds; {@link #y()} has the result (after a fetch when resident). */
    void runForward() {
        lastForward = forwardPlan.execute();
    }

    /** Runs the fused backward; {@link #dx()} and {@link #gradients()} hold the results. */
    void runBackward() {
        lastBackward = backwardPlan.execute();
    }

    /** Copies {@code y} from the device (resident plans; a no-op otherwise). */
    void fetchForward() {
        if (residency == Residency.DEVICE_RESIDENT && lastForward != null) {
            lastForward.transferToHost(y);
        }
    }

    /** Copies {@code dx} and the gradients from the device (resident plans; a no-op otherwise). */
    void fetchBackward() {
        if (residency == Residency.DEVICE_RESIDENT && lastBackward != null) {
            lastBackward.transferToHost(dx, gradients);
        }
    }

    @Override
    public void close() {
        try {
            forwardPlan.close();
            backwardPlan.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not free TornadoVM device memory: " + e.getMessage(), e);
        }
    }
}
