package org.era4j.autograd;

/**
 * Fused log-softmax and cross-entropy: logits (batch, classes) and integer labels give the mean
 * loss {@code L = -(1/B) sum_b (x_{b,y_b} - max_b - log sum_k e^{x_{b,k} - max_b})}, computed in
 * float64 after the max shift (finite for every finite input). Backward:
 * {@code dx_{b,k} = g (softmax_{b,k} - [k = y_b]) / B}.
 */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    public static Tensor apply(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy needs logits (batch, classes), got " + logits);
        }
        int batch = logits.dim(0);
        int classes = logits.dim(1);
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("cross-entropy: " + (labels == null ? "no" : labels.length)
                    + " labels for a batch of " + batch);
        }
        if (batch == 0) {
            throw new IllegalArgumentException("cross-entropy of an empty batch");
        }
        float[] x = logits.data();
        // probabilities are kept for backward; the loss itself is float64
        float[] probabilities = BufferPool.take(x.length, false);
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int label = labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("cross-entropy: label " + label + " at row " + b
                        + " is outside [0, " + classes + ")");
            }
            int base = b * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, x[base + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double e = Math.exp(x[base + k] - max);
                probabilities[base + k] = (float) e;
                sum += e;
            }
            for (int k = 0; k < classes; k++) {
                probabilities[base + k] = (float) (probabilities[base + k] / sum);
            }
            total -= x[base + label] - max - Math.log(sum);
        }
        Tensor out = Tensor.output(new int[0]);
        out.data()[0] = (float) (total / batch);
        if (!Tensor.recording(logits)) {
            return out;
        }
        int[] savedLabels = labels.clone();
        return out.record(t -> {
            float scale = t.grad()[0] / batch;
            float[] gx = logits.gradForAccumulation();
            for (int b = 0; b < batch; b++) {
                int base = b * classes;
                for (int k = 0; k < classes; k++) {
                    float target = k == savedLabels[b] ? 1f : 0f;
                    gx[base + k] += scale * (probabilities[base + k] - target);
                }
            }
        }, logits);
    }
}
