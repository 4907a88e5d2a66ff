package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.SplittableRandom;
import org.era4j.autograd.Dropout;
import org.era4j.autograd.Tensor;

/** Inverted dropout in training mode, identity in evaluation mode; masks from a seeded generator. */
public final class DropoutLayer extends Module {

    private final float probability;
    private final SplittableRandom random;

    public DropoutLayer(float probability, long seed) {
        if (!(probability >= 0f && probability < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + probability);
        }
        this.probability = probability;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return isTraining() && probability > 0f ? Dropout.apply(input, probability, random) : input;
    }
}
