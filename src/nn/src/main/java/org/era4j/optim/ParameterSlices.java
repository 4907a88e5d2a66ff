package org.era4j.optim;

import java.util.List;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Tensor;

/**
 * A parameter list cut into slices of at most {@value #SLICE} elements, for elementwise updates
 * (optimiser steps, L2, zeroing gradients) split across an execution context's workers. Every
 * element is updated by itself, so the split cannot change results. Why split: a dense layer of a
 * CNN holds over a million weights, and Adam's pass over weights, gradients and both moments was a
 * serial twentieth of a two-thread training step.
 */
final class ParameterSlices {

    /** Elements per slice: large enough to amortise the hand-off, small enough to balance. */
    static final int SLICE = 1 << 15;

    /** The body of {@link #forEach}: elements {@code [from, to)} of parameter {@code parameter}. */
    @FunctionalInterface
    interface Body {
        void run(int parameter, int from, int to);
    }

    private final int[] parameter;
    private final int[] from;
    private final int[] to;

    ParameterSlices(List<Tensor> parameters) {
        int count = 0;
        for (Tensor t : parameters) {
            count += (t.size() + SLICE - 1) / SLICE;
        }
        parameter = new int[count];
        from = new int[count];
        to = new int[count];
        int s = 0;
        for (int p = 0; p < parameters.size(); p++) {
            int size = parameters.get(p).size();
            for (int start = 0; start < size; start += SLICE) {
                parameter[s] = p;
                from[s] = start;
                to[s] = Math.min(size, start + SLICE);
                s++;
            }
        }
    }

    /** Runs {@code body} on every slice, on the context's workers when it has several, else here. */
    void forEach(ExecutionContext context, Body body) {
        if (context == null || context.threads() == 1) {
            run(0, parameter.length, body);
            return;
        }
        context.gemm().forEach(parameter.length, (worker, first, last, serial) -> run(first, last, body));
    }

    private void run(int first, int last, Body body) {
        for (int s = first; s < last; s++) {
            body.run(parameter[s], from[s], to[s]);
        }
    }
}
