package org.era4j.autograd;

/** {@code out = a - b} with broadcasting. */
public final class Sub {

    private Sub() {
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
                o[k++] = x[ia] - y[ib];
            }
        }
        if (!Tensor.recording(a, b)) {
            return out;
        }
        return out.record(t -> {
            if (a.requiresGrad()) {
                Add.sumInto(bc, t.grad(), a.gradForAccumulation(), true, 1f);
            }
            if (b.requiresGrad()) {
                Add.sumInto(bc, t.grad(), b.gradForAccumulation(), false, -1f);
            }
        }, a, b);
    }
}
