package org.era4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Mul;
import org.era4j.autograd.Sum;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/**
 * Optimiser steps, L2 and zeroing split across workers give the serial result bit for bit: on
 * parameters larger than a slice and smaller than one, with rational (not regularised) ones mixed in.
 */
class ParallelUpdateTest {

    @Property(tries = 8)
    void splitUpdatesEqualSerialOnes(@ForAll @IntRange(min = 2, max = 3) int threads,
                                     @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll long seed) {
        Function<List<Tensor>, Optimizer> make = switch (kind) {
            case 0 -> ps -> new Adam(ps, 1e-2, 0.9, 0.999, 1e-7, 0.01);
            case 1 -> ps -> new Sgd(ps, 1e-2, 0.9, true);
            default -> ps -> new Sgd(ps, 1e-2, 0.5, false);
        };
        List<Tensor> serial = parameters(seed);
        List<Tensor> split = parameters(seed);
        Optimizer serialOptimizer = make.apply(serial);
        Optimizer splitOptimizer = make.apply(split);
        L2Regularization l2 = new L2Regularization(1e-3);
        try (ExecutionContext context = ExecutionContext.cpu(threads)) {
            for (int step = 0; step < 3; step++) {
                serialOptimizer.zeroGrad();
                splitOptimizer.zeroGrad(context);
                SplittableRandom gradients = new SplittableRandom(seed + step);
                for (int p = 0; p < serial.size(); p++) {
                    float[] g = new float[serial.get(p).size()];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) gradients.nextGaussian();
                    }
                    accumulate(serial.get(p), g);
                    accumulate(split.get(p), g);
                    assertArrayEquals(serial.get(p).grad(), split.get(p).grad(), "gradient " + p + " before L2");
                }
                l2.addGradient(serial);
                l2.addGradient(split, context);
                serialOptimizer.step();
                splitOptimizer.step(context);
                for (int p = 0; p < serial.size(); p++) {
                    assertArrayEquals(serial.get(p).grad(), split.get(p).grad(), "gradient " + p + " step " + step);
                    assertArrayEquals(serial.get(p).data(), split.get(p).data(), "parameter " + p + " step " + step);
                }
            }
        }
    }

    /** Sizes around the slice: one larger than two slices, one exactly a slice, small ones, a rational one. */
    private static List<Tensor> parameters(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = {2 * ParameterSlices.SLICE + 17, ParameterSlices.SLICE, 5, 1, 300};
        List<Tensor> out = new ArrayList<>();
        for (int p = 0; p < sizes.length; p++) {
            float[] w = new float[sizes[p]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            ParameterRole role = p == 2 ? ParameterRole.RATIONAL : ParameterRole.WEIGHT;
            out.add(Tensor.parameter("p" + p, role, w, sizes[p]));
        }
        return out;
    }

    /** Adds {@code g} to the parameter's gradient the way a backward pass does. */
    private static void accumulate(Tensor t, float[] g) {
        Sum.all(Mul.apply(t, Tensor.of(g.clone(), g.length))).backward();
    }
}
