package org.era4j.autograd;

/**
 * {@code sum(x)} over every element (a scalar), or over one axis. Summation in float64, in index
 * order (deterministic). Backward broadcasts the gradient back.
 */
public final class Sum {

    private Sum() {
    }

    /** Scalar sum of all elements. */
    public static Tensor all(Tensor input) {
        return scaled(input, 1.0);
    }

    /** Scalar {@code scale * sum(x)}; {@link Mean} uses {@code 1/n}. */
    static Tensor scaled(Tensor input, double scale) {
        float[] x = input.data();
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        Tensor out = Tensor.output(new int[0]);
        out.data()[0] = (float) (scale * sum);
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float g = (float) (t.grad()[0] * scale);
            float[] gx = input.gradForAccumulation();
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g;
            }
        }, input);
    }

    /** Sum over {@code axis}; the axis is kept with size 1 when {@code keepDim}, else removed. */
    public static Tensor axis(Tensor input, int axis, boolean keepDim) {
        int rank = input.rank();
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("sum: axis " + axis + " out of range for " + input);
        }
        int[] shape = input.shape();
        int outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= shape[d];
        }
        int length = shape[a];
        int inner = input.size() / Math.max(1, outer * length);
        int[] outShape;
        if (keepDim) {
            outShape = shape.clone();
            outShape[a] = 1;
        } else {
            outShape = new int[rank - 1];
            for (int d = 0, e = 0; d < rank; d++) {
                if (d != a) {
                    outShape[e++] = shape[d];
                }
            }
        }
        Tensor out = Tensor.zeroOutput(outShape);
        float[] x = input.data();
        float[] y = out.data();
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < length; l++) {
                int base = (o * length + l) * inner;
                for (int i = 0; i < inner; i++) {
                    y[o * inner + i] += x[base + i];
                }
            }
        }
        if (!Tensor.recording(input)) {
            return out;
        }
        int fo = outer;
        int fi = inner;
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            for (int o = 0; o < fo; o++) {
                for (int l = 0; l < length; l++) {
                    int base = (o * length + l) * fi;
                    for (int i = 0; i < fi; i++) {
                        gx[base + i] += g[o * fi + i];
                    }
                }
            }
        }, input);
    }
}
