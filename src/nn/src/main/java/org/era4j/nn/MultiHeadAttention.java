package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Attention;
import org.era4j.autograd.Tensor;

/**
 * Multi-head self-attention on (batch, tokens, width): query, key and value projections, scaled
 * dot-product attention per head, output projection.
 */
public final class MultiHeadAttention extends Module {

    private final int heads;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;

    public MultiHeadAttention(int width, int heads, RandomGenerator random) {
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be divisible by heads " + heads);
        }
        this.heads = heads;
        this.query = registerChild("query", new Dense(width, width, true, random));
        this.key = registerChild("key", new Dense(width, width, true, random));
        this.value = registerChild("value", new Dense(width, width, true, random));
        this.output = registerChild("output", new Dense(width, width, true, random));
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        Tensor q = Attention.splitHeads(query.forward(context, x), heads);
        Tensor k = Attention.splitHeads(key.forward(context, x), heads);
        Tensor v = Attention.splitHeads(value.forward(context, x), heads);
        return output.forward(context, Attention.mergeHeads(Attention.scaledDotProduct(context.gemm(), q, k, v), heads));
    }

    @Override
    protected String describe() {
        return "MultiHeadAttention " + heads + " heads";
    }
}
