package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.era4j.autograd.Relu;
import org.era4j.autograd.Tensor;

/** A fixed (parameter-free) pointwise activation module, such as ReLU or GELU. */
public final class Activation extends Module {

    private final String name;
    private final BiFunction<ExecutionContext, Tensor, Tensor> function;
    private final boolean rectifier;

    public Activation(String name, UnaryOperator<Tensor> function) {
        this(name, (context, input) -> function.apply(input));
    }

    /** An activation that uses the context (its workers for large tensors). */
    public Activation(String name, BiFunction<ExecutionContext, Tensor, Tensor> function) {
        this(name, function, false);
    }

    private Activation(String name, BiFunction<ExecutionContext, Tensor, Tensor> function, boolean rectifier) {
        this.name = name;
        this.function = function;
        this.rectifier = rectifier;
    }

    /**
     * ReLU on the context's workers. A {@link Sequential} runs a normalisation directly before it
     * and this ReLU as one fused primitive where the normalisation has one (instance norm).
     */
    public static Activation relu() {
        return new Activation("ReLU", (context, x) -> Relu.apply(context.gemm(), x), true);
    }

    /** True for {@link #relu()}: {@code max(x, 0)}, which a normalisation before it may fuse. */
    boolean rectifier() {
        return rectifier;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return function.apply(context, input);
    }

    @Override
    protected String describe() {
        return name;
    }

    /** The display name this activation was created with, e.g. {@code ReLU}, {@code GELU(tanh)}. */
    public String name() {
        return name;
    }
}
