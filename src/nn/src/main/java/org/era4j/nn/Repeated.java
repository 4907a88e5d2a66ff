package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.function.IntFunction;
import org.era4j.autograd.Tensor;

/**
 * {@code depth} layers applied in turn, either distinct ("0", "1", ...) or one layer applied
 * {@code depth} times with its weights shared across depth (the paper's shared encoder/mixer option;
 * its gradients then accumulate over every application).
 */
public final class Repeated extends Module {

    private final Module[] order;

    public Repeated(int depth, boolean shared, IntFunction<Module> layer) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        order = new Module[depth];
        if (shared) {
            Module one = registerChild("shared", layer.apply(0));
            java.util.Arrays.fill(order, one);
        } else {
            for (int i = 0; i < depth; i++) {
                order[i] = registerChild(Integer.toString(i), layer.apply(i));
            }
        }
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        Tensor h = x;
        for (Module m : order) {
            h = m.forward(context, h);
        }
        return h;
    }

    @Override
    protected String describe() {
        return "Repeated x" + order.length + (children().containsKey("shared") ? " (shared)" : "");
    }
}
