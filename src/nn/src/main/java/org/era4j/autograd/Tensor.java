package org.era4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A float32 tensor: a row-major {@code float[]} of exactly {@code size()} elements and a shape
 * (images are NCHW). A tensor that {@linkplain #requiresGrad() requires a gradient} gets one in
 * {@link #grad()} after {@link #backward()}; leaves (parameters) accumulate gradients over several
 * backward passes until {@link #zeroGrad()}.
 *
 * <p>Operations live in one class per primitive ({@link MatMul}, {@link Conv2d}, {@link Era}, ...);
 * each records a {@link Backward} rule on its output when {@link GradMode} is enabled and an input
 * needs a gradient. {@link #backward()} sorts the graph once, walks it in reverse and drops it.
 */
public final class Tensor {

    private final int[] shape;
    private final float[] data;
    private float[] grad;
    private boolean requiresGrad;
    private Tensor[] inputs;
    private Backward backward;
    private String name;
    private ParameterRole role;

    private Tensor(int[] shape, float[] data, boolean requiresGrad) {
        this.shape = shape;
        this.data = data;
        this.requiresGrad = requiresGrad;
    }

    /** A tensor over {@code data} (not copied) of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("tensor data is null");
        }
        int[] copy = shape.clone();
        if (Shapes.size(copy) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + Shapes.size(copy)
                    + " elements, data has " + data.length);
        }
        return new Tensor(copy, data, false);
    }

    /** A zero tensor with a freshly allocated array (never from the pool). */
    public static Tensor zeros(int... shape) {
        int[] copy = shape.clone();
        return new Tensor(copy, new float[Shapes.size(copy)], false);
    }

    /** A scalar (shape {@code []}). */
    public static Tensor scalar(float value) {
        return new Tensor(new int[0], new float[] {value}, false);
    }

    /** A trainable leaf with a fresh array; its gradient is never pooled. */
    public static Tensor parameter(String name, ParameterRole role, float[] data, int... shape) {
        Tensor t = of(data, shape);
        t.requiresGrad = true;
        t.name = name;
        t.role = role;
        return t;
    }

    /** Uniform values in {@code [-bound, bound)} from {@code random}. */
    public static Tensor uniform(RandomGenerator random, float bound, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return t;
    }

    /** Standard normal values scaled by {@code std}. */
    public static Tensor normal(RandomGenerator random, float std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (random.nextGaussian() * std);
        }
        return t;
    }

    /** An operation output, its array from the current {@link BufferPool} (contents unspecified). */
    static Tensor output(int[] shape) {
        return new Tensor(shape, BufferPool.take(Shapes.size(shape), false), false);
    }

    /** An operation output of zeros. */
    static Tensor zeroOutput(int[] shape) {
        return new Tensor(shape, BufferPool.take(Shapes.size(shape), true), false);
    }

    /** True when an operation on {@code inputs} must record its backward. */
    static boolean recording(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** Attaches the backward rule; the output now requires a gradient. */
    Tensor record(Backward rule, Tensor... from) {
        this.requiresGrad = true;
        this.inputs = from;
        this.backward = rule;
        return this;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code d}; negative counts from the end. */
    public int dim(int d) {
        return shape[d < 0 ? shape.length + d : d];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    /** The backing array (row-major, exactly {@link #size()} long); writes are visible. */
    public float[] data() {
        return data;
    }

    /** The gradient, or null before a backward pass reached this tensor. */
    public float[] grad() {
        return grad;
    }

    /** The gradient array, allocated zeroed on first use (pooled for non-leaves). */
    float[] gradForAccumulation() {
        if (grad == null) {
            grad = backward == null ? new float[data.length] : BufferPool.take(data.length, true);
        }
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as trainable (or not). */
    public Tensor requiresGrad(boolean value) {
        if (backward != null && !value) {
            throw new IllegalArgumentException("cannot detach an operation output in place; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** A leaf sharing this data, outside the graph. */
    public Tensor detach() {
        return new Tensor(shape, data, false);
    }

    /** Parameter name, or null. */
    public String name() {
        return name;
    }

    /** Parameter role, or null for non-parameters. */
    public ParameterRole role() {
        return role;
    }

    /** Sets the gradient to zero (keeps the array). */
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** The single element of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item() needs one element, tensor has shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    /** Backward from a one-element tensor, seeding its gradient with 1. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalArgumentException("backward() without a seed needs a one-element tensor, got shape "
                    + Arrays.toString(shape));
        }
        float[] seed = {1f};
        backward(seed);
    }

    /**
     * Reverse-mode pass seeded with {@code seed} (same size as this tensor): topological sort of the
     * recorded graph, one backward rule per node in reverse order, then the graph is dropped (leaf
     * gradients stay).
     */
    public void backward(float[] seed) {
        if (!requiresGrad) {
            throw new IllegalArgumentException("backward() on a tensor that does not require a gradient");
        }
        if (seed.length != data.length) {
            throw new IllegalArgumentException("seed has " + seed.length + " elements, tensor has " + data.length);
        }
        List<Tensor> order = topologicalOrder();
        float[] g = gradForAccumulation();
        for (int i = 0; i < g.length; i++) {
            g[i] += seed[i];
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor node = order.get(i);
            if (node.backward != null && node.grad != null) {
                node.backward.run(node);
            }
        }
        for (Tensor node : order) {
            node.inputs = null;
            node.backward = null;
        }
    }

    /** Iterative post-order DFS (deep networks would overflow a recursive one). */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = new HashSet<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        seen.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor node = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] in = node.inputs == null ? new Tensor[0] : node.inputs;
            while (next < in.length && (in[next] == null || !in[next].requiresGrad || seen.contains(in[next]))) {
                next++;
            }
            if (next < in.length) {
                frame[1] = next + 1;
                seen.add(in[next]);
                stack.push(new Object[] {in[next], 0});
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }

    /**
     * {@link #accumulate} for a pooled array {@code g} that the calling operation owns and drops:
     * a non-leaf input without a gradient yet takes {@code g} as its gradient, which saves
     * zero-filling a fresh array and one pass adding into it (the case of every activation whose
     * output feeds one operation).
     */
    static void accumulateOwned(Tensor input, float[] g) {
        if (input.requiresGrad && input.grad == null && input.backward != null && g.length == input.data.length) {
            input.grad = g;
        } else {
            accumulate(input, g);
        }
    }

    /** Accumulates {@code g} into the input's gradient when that input needs one. */
    static void accumulate(Tensor input, float[] g) {
        if (input.requiresGrad) {
            float[] target = input.gradForAccumulation();
            for (int i = 0; i < target.length; i++) {
                target[i] += g[i];
            }
        }
    }

    @Override
    public String toString() {
        return (name == null ? "Tensor" : name) + Arrays.toString(shape);
    }
}
