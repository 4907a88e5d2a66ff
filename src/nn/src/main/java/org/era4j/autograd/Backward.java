package org.era4j.autograd;

/**
 * The backward rule of one recorded operation: reads {@code out.grad()} and accumulates
 * ({@code +=}) into the gradients of the inputs that need one.
 */
@FunctionalInterface
interface Backward {
    void run(Tensor out);
}
