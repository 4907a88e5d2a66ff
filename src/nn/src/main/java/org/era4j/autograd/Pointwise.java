package org.era4j.autograd;

import org.era4j.kernel.Gemm;

/**
 * The fixed pointwise activations as one primitive: {@code y = f(x)}, and in backward
 * {@code dx += g f'(x)}, with f one of {@link Function}. Tensors of more than {@link Relu#CHUNK}
 * elements are cut into chunks for the GEMM's workers (elementwise, so the split cannot change
 * results). ReLU keeps its own branch-free vector kernel ({@link Relu}).
 *
 * <p>The switch on the function is taken once per chunk, each case a one-line loop: a switch per
 * element (one loop for all functions) measured 10-30 % slower for the cheap ones (tanh, ReLU6)
 * on one thread, so the loops stay apart while the op, its chunking and its gradient bookkeeping
 * are written once.
 */
public final class Pointwise {

    /** Each function's value and the gradient it passes back; formulas in float64 where noted ({@link Activations}). */
    public enum Function {
        /** {@code 1 / (1 + e^-x)}; derivative {@code y (1 - y)}. */
        SIGMOID,
        /** {@code tanh(x)}; derivative {@code 1 - y^2}. */
        TANH,
        /** Swish / SiLU {@code x sigmoid(x)}; derivative {@code s + x s (1 - s)}, {@code s = sigmoid(x)}. */
        SWISH,
        /** GELU, tanh approximation (the paper's and Keras' form). */
        GELU_TANH,
        /** GELU, exact: {@code x Phi(x)}. */
        GELU_EXACT,
        /** {@code min(max(x, 0), 6)} (NaN stays NaN); gradient passed only for {@code 0 < x < 6}. */
        RELU6,
        /** {@code x} for x >= 0, else {@code slope * x}; derivative 1 for x > 0, else {@code slope}. */
        LEAKY_RELU
    }

    private Pointwise() {
    }

    /** On the calling thread only. */
    public static Tensor apply(Tensor input, Function function) {
        return apply(null, input, function);
    }

    /** @param gemm whose workers take the chunks, or null for the calling thread */
    public static Tensor apply(Gemm gemm, Tensor input, Function function) {
        if (function == Function.LEAKY_RELU) {
            throw new IllegalArgumentException("LEAKY_RELU needs its slope: use apply(gemm, input, LEAKY_RELU, slope)");
        }
        return apply(gemm, input, function, 0f);
    }

    /**
     * @param slope the negative-side slope of {@link Function#LEAKY_RELU} (finite); ignored by the others
     */
    public static Tensor apply(Gemm gemm, Tensor input, Function function, float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("leaky ReLU slope must be finite, got " + slope);
        }
        float[] x = input.data();
        Tensor out = Tensor.output(input.shape());
        float[] y = out.data();
        Relu.chunks(gemm, x.length, (from, to) -> forward(function, slope, x, y, from, to));
        if (!Tensor.recording(input)) {
            return out;
        }
        return out.record(t -> {
            float[] g = t.grad();
            float[] gx = input.gradForAccumulation();
            Relu.chunks(gemm, x.length, (from, to) -> backward(function, slope, x, y, g, gx, from, to));
        }, input);
    }

    /** {@code y = f(x)} on {@code [from, to)}. */
    private static void forward(Function function, float slope, float[] x, float[] y, int from, int to) {
        switch (function) {
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    y[i] = Activations.sigmoid(x[i]);
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    y[i] = (float) Math.tanh(x[i]);
                }
            }
            case SWISH -> {
                for (int i = from; i < to; i++) {
                    y[i] = x[i] * Activations.sigmoid(x[i]);
                }
            }
            case GELU_TANH -> {
                for (int i = from; i < to; i++) {
                    y[i] = Activations.geluTanh(x[i]);
                }
            }
            case GELU_EXACT -> {
                for (int i = from; i < to; i++) {
                    y[i] = Activations.geluExact(x[i]);
                }
            }
            case RELU6 -> {
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    y[i] = v > 6f ? 6f : v > 0f ? v : (v != v ? v : 0f);
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    y[i] = x[i] < 0f ? slope * x[i] : x[i];
                }
            }
        }
    }

    /** {@code gx += g f'(x)} on {@code [from, to)}; the masks (ReLU6, leaky ReLU) select rather than multiply, as every framework does. */
    private static void backward(Function function, float slope, float[] x, float[] y, float[] g, float[] gx, int from, int to) {
        switch (function) {
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * (y[i] * (1f - y[i]));
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * (1f - y[i] * y[i]);
                }
            }
            case SWISH -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * Activations.swishDerivative(x[i]);
                }
            }
            case GELU_TANH -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * Activations.geluTanhDerivative(x[i]);
                }
            }
            case GELU_EXACT -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * Activations.geluExactDerivative(x[i]);
                }
            }
            case RELU6 -> {
                for (int i = from; i < to; i++) {
                    gx[i] += x[i] > 0f && x[i] < 6f ? g[i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    gx[i] += x[i] > 0f ? g[i] : slope * g[i];
                }
            }
        }
    }
}
