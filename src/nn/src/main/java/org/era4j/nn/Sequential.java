package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Tensor;

/** Applies its children in order; children are named "0", "1", ... unless given names. */
public final class Sequential extends Module {

    private int count;

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module named by its position. */
    public Sequential add(Module module) {
        return add(Integer.toString(count), module);
    }

    /** Appends a named module. */
    public Sequential add(String name, Module module) {
        registerChild(name, module);
        count++;
        return this;
    }

    /**
     * Applies the children in order. A normalisation directly followed by {@link Activation#relu()}
     * runs as one fused primitive where it has one: same values, fewer passes over memory.
     */
    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        Tensor x = input;
        Module[] modules = children().values().toArray(Module[]::new);
        for (int i = 0; i < modules.length; i++) {
            if (modules[i] instanceof NormLayer norm && i + 1 < modules.length
                    && modules[i + 1] instanceof Activation activation && activation.rectifier()) {
                Tensor fused = norm.forwardRectified(context, x);
                if (fused != null) {
                    x = fused;
                    i++;
                    continue;
                }
            }
            x = modules[i].forward(context, x);
        }
        return x;
    }
}
