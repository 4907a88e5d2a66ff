package org.era4j.kernel;


/**
 * ReLU forward and backward, with the Vector API ({@code ReluVector}) when {@link VectorSupport#enabled()}. Activation signs are unpredictable (about half
 * negative after a normalisation), so a branch per element mispredicts often; compare + blend does
 * not branch. Tails use the scalar twins {@link #forwardScalar} and {@link #backwardScalar}, which
 * give bitwise the same results.
 */
public final class ReluKernel {

    private ReluKernel() {
    }

    /** {@code y[i] = x[i] < 0 ? 0 : x[i]} (NaN and -0 pass through unchanged). */
    public static void forward(float[] x, float[] y, int length) {
        forward(x, y, 0, length);
    }

    /** {@link #forward(float[], float[], int)} on {@code [from, to)} (one worker's slice). */
    public static void forward(float[] x, float[] y, int from, int to) {
        if (VectorSupport.enabled()) {
            ReluVector.forward(x, y, from, to);
        } else {
            forwardScalar(x, y, from, to);
        }
    }

    /** {@code gx[i] += x[i] > 0 ? g[i] : 0} (accumulates, as every backward does). */
    public static void backward(float[] x, float[] g, float[] gx, int length) {
        backward(x, g, gx, 0, length);
    }

    /** {@link #backward(float[], float[], float[], int)} on {@code [from, to)} (one worker's slice). */
    public static void backward(float[] x, float[] g, float[] gx, int from, int to) {
        if (VectorSupport.enabled()) {
            ReluVector.backward(x, g, gx, from, to);
        } else {
            backwardScalar(x, g, gx, from, to);
        }
    }

    /** Scalar twin of {@link #forward} from index {@code from}. */
    public static void forwardScalar(float[] x, float[] y, int from, int length) {
        for (int i = from; i < length; i++) {
            y[i] = x[i] < 0f ? 0f : x[i];
        }
    }

    /** Scalar twin of {@link #backward} from index {@code from}. */
    public static void backwardScalar(float[] x, float[] g, float[] gx, int from, int length) {
        for (int i = from; i < length; i++) {
            gx[i] += x[i] > 0f ? g[i] : 0f;
        }
    }
}
