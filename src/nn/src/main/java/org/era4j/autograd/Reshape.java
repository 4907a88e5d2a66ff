package org.era4j.autograd;

import java.util.Arrays;

/**
 * Same elements, new shape (row-major order unchanged); one dimension may be -1 (inferred). The
 * output copies the data so later in-place writes to either tensor cannot alias; backward copies
 * the gradient back.
 */
public final class Reshape {

    private Reshape() {
    }

    public static Tensor apply(Tensor input, int... shape) {
        int[] target = resolve(input, shape);
        Tensor out = Tensor.output(target);
        System.arraycopy(input.data(), 0, out.data(), 0, input.size());
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> Tensor.accumulate(input, t.grad()), input);
    }

    /** {@code (N, ...)} to {@code (N, rest)}. */
    public static Tensor flatten(Tensor input) {
        return apply(input, input.dim(0), -1);
    }

    private static int[] resolve(Tensor input, int[] shape) {
        int[] target = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: at most one -1 in " + Arrays.toString(shape));
                }
                unknown = d;
            } else if (target[d] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(shape));
            } else {
                known *= target[d];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || input.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(shape)
                        + " for " + input);
            }
            target[unknown] = (int) (input.size() / known);
        }
        if (Shapes.size(target) != input.size()) {
            throw new IllegalArgumentException("reshape: " + input + " has " + input.size()
                    + " elements, shape " + Arrays.toString(shape) + " needs " + Shapes.size(target));
        }
        return target;
    }
}
