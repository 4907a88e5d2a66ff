package org.era4j.autograd;

/** {@code out = a * b} elementwise with broadcasting; {@code d a = g * b}, {@code d b = g * a} (summed back). */
public final class Mul {

    private Mul() {
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Broadcast bc = new Broadcast(a.shape(), b.shape());
        Tensor out = Tensor.output(bc.out);
        float[] x = a.data();
        float[] y = b.data();
        float[] o = out.data();
        int k = 0;
        for (int r = 0; r < bc.rows; r++, bc.next()) {
            int ia = bc.aBase;
            int ib = bc.bBase;
            for (int j = 0; j < bc.width; j++, ia += bc.aStep, ib += bc.bStep) {
                o[k++] = x[ia] * y[ib];
            }
        }
        if (!Tensor.recording(a, b)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            if (a.requiresGrad()) {
                productInto(bc, g, y, a.gradForAccumulation(), true);
            }
            if (b.requiresGrad()) {
                productInto(bc, g, x, b.gradForAccumulation(), false);
            }
        }, a, b);
    }

    /**
     * {@code target[own index] += g[out index] * other[other index]}: the gradient of one operand,
     * summed back over its stretched dimensions (a row reduction when its step is 0).
     */
    private static void productInto(Broadcast bc, float[] g, float[] other, float[] target, boolean first) {
        bc.reset();
        int step = first ? bc.aStep : bc.bStep;
        int otherStep = first ? bc.bStep : bc.aStep;
        int k = 0;
        for (int r = 0; r < bc.rows; r++, bc.next(), k += bc.width) {
            int i = first ? bc.aBase : bc.bBase;
            int o = first ? bc.bBase : bc.aBase;
            if (step == 0) {
                target[i] += Broadcast.rowDot(g, k, other, o, otherStep, bc.width);
            } else if (otherStep == 0) {
                float factor = other[o];
                for (int j = 0; j < bc.width; j++, i += step) {
                    target[i] += g[k + j] * factor;
                }
            } else {
                for (int j = 0; j < bc.width; j++, i += step, o += otherStep) {
                    target[i] += g[k + j] * other[o];
                }
            }
        }
    }
}
