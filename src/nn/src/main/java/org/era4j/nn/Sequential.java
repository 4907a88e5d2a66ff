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

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        Tensor x = input;
        for (Module m : children().values()) {
            x = m.forward(context, x);
        }
        return x;
    }
}
