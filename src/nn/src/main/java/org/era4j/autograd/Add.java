package org.era4j.autograd;

/** {@code out = a + b} with broadcasting; {@code d a = sum_broadcast(g)}, {@code d b = sum_broadcast(g)}. */
public final class Add {

    private Add() {
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
                o[k++] = x[ia] + y[ib];
            }
        }
        if (!Tensor.recording(a, b)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            if (a.requiresGrad()) {
                sumInto(bc, g, a.gradForAccumulation(), true, 1f);
            }
            if (b.requiresGrad()) {
                sumInto(bc, g, b.gradForAccumulation(), false, 1f);
            }
        }, a, b);
    }

    /** {@code target[operand index] += sign * g[out index]}: the one place broadcast gradients are summed. */
    static void sumInto(Broadcast bc, float[] g, float[] target, boolean first, float sign) {
        bc.reset();
        int step = first ? bc.aStep : bc.bStep;
        int k = 0;
        for (int r = 0; r < bc.rows; r++, bc.next(), k += bc.width) {
            int i = first ? bc.aBase : bc.bBase;
            if (step == 0) {
                target[i] += sign * Broadcast.rowDot(g, k, null, 0, 0, bc.width);
            } else {
                for (int j = 0; j < bc.width; j++, i += step) {
                    target[i] += sign * g[k + j];
                }
            }
        }
    }
}
