package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.era4j.autograd.Tensor;

/** A fixed (parameter-free) pointwise activation module, such as ReLU or GELU. */
public final class Activation extends Module {

    private final String name;
    private final BiFunction<ExecutionContext, Tensor, Tensor> function;

    public Activation(String name, UnaryOperator<Tensor> function) {
        this(name, (context, input) -> function.apply(input));
    }

    /** An activation that uses the context (its workers for large tensors). */
    public Activation(String name, BiFunction<ExecutionContext, Tensor, Tensor> function) {
        this.name = name;
        this.function = function;
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
