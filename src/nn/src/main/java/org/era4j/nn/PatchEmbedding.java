package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Add;
import org.era4j.autograd.Padding;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Permute;
import org.era4j.autograd.Reshape;
import org.era4j.autograd.Tensor;

/**
 * Images (N, C, H, W) to tokens (N, T, width): non-overlapping p x p patches, each linearly
 * projected (a p x p convolution with stride p), plus a learnable position embedding (T, width).
 * T = (H / p) (W / p); H and W must be multiples of p.
 */
public final class PatchEmbedding extends Module {

    private final Conv projection;
    private final Tensor position;
    private final int tokens;
    private final int width;

    public PatchEmbedding(int[] imageShape, int patch, int width, RandomGenerator random) {
        if (imageShape.length != 3 || patch < 1 || imageShape[1] % patch != 0 || imageShape[2] % patch != 0) {
            throw new IllegalArgumentException("patch size " + patch + " must divide the image's H and W, got "
                    + java.util.Arrays.toString(imageShape));
        }
        this.tokens = (imageShape[1] / patch) * (imageShape[2] / patch);
        this.width = width;
        this.projection = registerChild("projection",
                new Conv(imageShape[0], width, patch, patch, Padding.VALID, true, random));
        float[] pos = new float[tokens * width];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = (float) (random.nextGaussian() * 0.02);
        }
        this.position = registerParameter("position", ParameterRole.WEIGHT, pos, tokens, width);
    }

    public int tokens() {
        return tokens;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor images) {
        Tensor maps = projection.forward(context, images);
        Tensor flat = Reshape.apply(maps, maps.dim(0), width, tokens);
        return Add.apply(Permute.apply(flat, 0, 2, 1), position);
    }
}
