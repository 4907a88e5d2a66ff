package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Reshape;
import org.era4j.autograd.Tensor;

/** (N, ...) to (N, features). */
public final class Flatten extends Module {

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return Reshape.flatten(input);
    }
}
