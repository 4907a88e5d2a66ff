package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Tensor;
import org.era4j.kernel.ParameterSharing.ChannelLayout;

/** Two dense layers with an activation between, on the last axis: width -> hidden -> act -> width. */
public final class FeedForward extends Module {

    private final Dense up;
    private final Module activation;
    private final Dense down;

    public FeedForward(int width, int hidden, ActivationFactory activation, RandomGenerator random) {
        this.up = registerChild("up", new Dense(width, hidden, true, random));
        this.activation = registerChild("act", activation.create(hidden, ChannelLayout.CHANNELS_LAST));
        this.down = registerChild("down", new Dense(hidden, width, true, random));
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        return down.forward(context, activation.forward(context, up.forward(context, x)));
    }
}
