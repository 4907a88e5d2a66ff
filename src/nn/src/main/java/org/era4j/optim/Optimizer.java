package org.era4j.optim;

import org.era4j.autograd.ExecutionContext;
import java.util.List;
import org.era4j.autograd.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. State (momentum, moments) is
 * allocated once per parameter at construction, so a step allocates nothing. Parameters whose
 * gradient is null (not reached by backward) are skipped.
 */
public abstract class Optimizer {

    protected final List<Tensor> parameters;
    private final ParameterSlices slices;
    private double learningRate;

    protected Optimizer(List<Tensor> parameters, double learningRate) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameter list is null");
        }
        this.parameters = List.copyOf(parameters);
        this.slices = new ParameterSlices(this.parameters);
        setLearningRate(learningRate);
    }

    /** One update of every parameter, on the calling thread. */
    public abstract void step();

    /**
     * {@link #step()} with its elementwise work split across the context's workers: the same
     * result bit for bit. Optimisers without a split version run {@link #step()}.
     */
    public void step(ExecutionContext context) {
        step();
    }

    public final void zeroGrad() {
        parameters.forEach(Tensor::zeroGrad);
    }

    /** {@link #zeroGrad()} split across the context's workers. */
    public final void zeroGrad(ExecutionContext context) {
        slices.forEach(context, (p, from, to) -> {
            float[] g = parameters.get(p).grad();
            if (g != null) {
                java.util.Arrays.fill(g, from, to, 0f);
            }
        });
    }

    /** The body of {@link #forEachSlice}: elements {@code [from, to)} of parameter {@code p}. */
    @FunctionalInterface
    protected interface SliceUpdate {
        void run(int p, int from, int to);
    }

    /**
     * Runs an elementwise update over every parameter in slices, on the context's workers (or here
     * when {@code context} is null). Each element must depend only on itself.
     */
    protected final void forEachSlice(ExecutionContext context, SliceUpdate update) {
        slices.forEach(context, update::run);
    }

    public final double learningRate() {
        return learningRate;
    }

    /** Set by a {@link LearningRateSchedule} each step or epoch. */
    public final void setLearningRate(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + value);
        }
        this.learningRate = value;
    }

    public final List<Tensor> parameters() {
        return parameters;
    }

    /**
     * The optimiser's state (momentum, moments, step count) as named float arrays, for
     * checkpoints: restoring it with {@link #restoreState} continues training exactly.
     * The arrays are the live state, not copies.
     */
    public abstract java.util.Map<String, float[]> state();

    /** Copies a {@link #state()} saved earlier back in; names and lengths must match. */
    public final void restoreState(java.util.Map<String, float[]> saved) {
        java.util.Map<String, float[]> live = state();
        if (!saved.keySet().containsAll(live.keySet())) {
            java.util.Set<String> missing = new java.util.TreeSet<>(live.keySet());
            missing.removeAll(saved.keySet());
            throw new IllegalArgumentException("optimiser state is missing " + missing);
        }
        live.forEach((name, array) -> {
            float[] values = saved.get(name);
            if (values.length != array.length) {
                throw new IllegalArgumentException("optimiser state '" + name + "' has " + values.length
                        + " values, expected " + array.length);
            }
            System.arraycopy(values, 0, array, 0, array.length);
        });
        afterRestore();
    }

    /** Hook for state kept outside the arrays (Adam's step count). */
    protected void afterRestore() {
    }
}
