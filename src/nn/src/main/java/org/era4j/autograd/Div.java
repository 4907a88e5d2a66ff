package org.era4j.autograd;

/**
 * {@code out = a / b} elementwise with broadcasting; {@code d a = g / b}, {@code d b = -g a / b^2}.
 * A zero in the divisor is rejected (it would silently give infinities or NaN).
 */
public final class Div {

    private Div() {
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Broadcast bc = new Broadcast(a.shape(), b.shape());
        float[] divisor = b.data();
        for (int i = 0; i < divisor.length; i++) {
            if (divisor[i] == 0f) {
                throw new IllegalArgumentException("division by zero: divisor " + b + " is 0 at index " + i);
            }
        }
        Tensor out = Tensor.output(bc.out);
        float[] x = a.data();
        float[] y = b.data();
        float[] o = out.data();
        int k = 0;
        for (int r = 0; r < bc.rows; r++, bc.next()) {
            int ia = bc.aBase;
            int ib = bc.bBase;
            for (int j = 0; j < bc.width; j++, ia += bc.aStep, ib += bc.bStep) {
                o[k++] = x[ia] / y[ib];
            }
        }
        if (!Tensor.recording(a, b)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] ga = a.requiresGrad() ? a.gradForAccumulation() : null;
            float[] gb = b.requiresGrad() ? b.gradForAccumulation() : null;
            bc.reset();
            int n = 0;
            for (int r = 0; r < bc.rows; r++, bc.next()) {
                int ia = bc.aBase;
                int ib = bc.bBase;
                for (int j = 0; j < bc.width; j++, ia += bc.aStep, ib += bc.bStep, n++) {
                    float inv = 1f / y[ib];
                    if (ga != null) {
                        ga[ia] += g[n] * inv;
                    }
                    if (gb != null) {
                        gb[ib] -= g[n] * x[ia] * inv * inv;
                    }
                }
            }
        }, a, b);
    }
}
