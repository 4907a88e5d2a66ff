package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.List;
import org.era4j.autograd.BufferPool;
import org.era4j.autograd.CrossEntropy;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.optim.GradientClipping;
import org.era4j.optim.L2Regularization;
import org.era4j.optim.Optimizer;

/**
 * One supervised classification step for a trainer: forward, fused softmax cross-entropy,
 * backward, optional L2 (non-rational parameters) and clipping, optimiser update. Activations and
 * their gradients live in a {@link BufferPool} reused every call, so a steady run of equal batch
 * shapes allocates no large arrays after the first step. Not thread-safe (one trainer thread).
 */
public final class ClassifierStep {

    /** How gradients are clipped before the update. */
    public enum Clipping { NONE, GLOBAL_NORM, VALUE }

    private final ExecutionContext context;
    private final Module model;
    private final Optimizer optimizer;
    private final L2Regularization l2;
    private final Clipping clipping;
    private final double clipLimit;
    private final List<Tensor> parameters;
    private final BufferPool pool = new BufferPool();

    /**
     * @param context   the kernels every step runs on; the caller keeps it open while the step is used
     * @param l2        L2 regularisation or null
     * @param clipLimit the norm or value limit (ignored for {@link Clipping#NONE})
     */
    public ClassifierStep(ExecutionContext context, Module model, Optimizer optimizer, L2Regularization l2,
                          Clipping clipping, double clipLimit) {
        if (context == null || model == null || optimizer == null || clipping == null) {
            throw new IllegalArgumentException("classifier step needs an execution context, a model, an optimiser and a clipping mode");
        }
        this.context = context;
        this.model = model;
        this.optimizer = optimizer;
        this.l2 = l2;
        this.clipping = clipping;
        this.clipLimit = clipLimit;
        this.parameters = model.parameters();
    }

    /**
     * Trains on one batch; {@code inputs} is (batch, ...) row-major (not copied), {@code labels}
     * one per row. Returns the mean cross-entropy (without the L2 term).
     */
    public float train(float[] inputs, int[] shape, int[] labels) {
        return train(inputs, shape, labels, null);
    }

    /**
     * {@link #train(float[], int[], int[])} that also copies the batch's training-mode logits
     * (batch * classes) into {@code logits} when it is not null, for training accuracy.
     */
    public float train(float[] inputs, int[] shape, int[] labels, float[] logits) {
        model.train(true);
        try (BufferPool.Scope scope = pool.open()) {
            optimizer.zeroGrad(context);
            Tensor out = model.forward(context, Tensor.of(inputs, shape));
            if (logits != null) {
                if (logits.length < out.size()) {
                    throw new IllegalArgumentException("logits buffer has " + logits.length + " floats, model gives "
                            + out.size());
                }
                System.arraycopy(out.data(), 0, logits, 0, out.size());
            }
            Tensor loss = CrossEntropy.apply(out, labels);
            float value = loss.item();
            if (!Float.isFinite(value)) {
                throw new IllegalStateException("training loss is " + value + " (diverged)");
            }
            loss.backward();
            if (l2 != null) {
                l2.addGradient(parameters, context);
            }
            switch (clipping) {
                case GLOBAL_NORM -> GradientClipping.byGlobalNorm(parameters, clipLimit);
                case VALUE -> GradientClipping.byValue(parameters, (float) clipLimit);
                case NONE -> { }
            }
            optimizer.step(context);
            return value;
        }
    }

    /**
     * Evaluation-mode logits for a batch, copied into {@code logits} (batch * classes); no graph
     * is recorded. Returns the mean cross-entropy when {@code labels} is not null, else NaN.
     */
    public float evaluate(float[] inputs, int[] shape, int[] labels, float[] logits) {
        model.eval();
        try (BufferPool.Scope scope = pool.open(); GradMode.Scope noGrad = GradMode.disabled()) {
            Tensor out = model.forward(context, Tensor.of(inputs, shape));
            if (logits != null) {
                if (logits.length < out.size()) {
                    throw new IllegalArgumentException("logits buffer has " + logits.length + " floats, model gives "
                            + out.size());
                }
                System.arraycopy(out.data(), 0, logits, 0, out.size());
            }
            return labels == null ? Float.NaN : CrossEntropy.apply(out, labels).item();
        }
    }

    /**
     * A forward pass without gradients that leaves every module's mode as it is (for
     * {@link BatchNorm#collectPopulation}: batch norms in training mode, the rest in evaluation).
     */
    public void forwardOnly(float[] inputs, int[] shape) {
        try (BufferPool.Scope scope = pool.open(); GradMode.Scope noGrad = GradMode.disabled()) {
            model.forward(context, Tensor.of(inputs, shape));
        }
    }

    /** Arrays the step's pool has allocated so far (constant once shapes repeat). */
    public long pooledAllocations() {
        return pool.allocations();
    }
}
