package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector ReLU against its scalar twin, bit for bit, on edge sizes and edge values. */
class ReluKernelTest {

    @Test
    void matchesScalarTwin() {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -1e-40f};
        SplittableRandom random = new SplittableRandom(3);
        int lanes = VectorSupport.Species.FLOAT.length();
        for (int n : new int[] {0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3, 37, 101}) {
            float[] x = new float[n];
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = i < specials.length ? specials[(i * 7) % specials.length] : (float) random.nextGaussian();
                g[i] = (float) random.nextGaussian();
            }
            float[] y = new float[n];
            float[] yScalar = new float[n];
            float[] gx = new float[n];
            float[] gxScalar = new float[n];
            java.util.Arrays.fill(gx, 0.5f);
            java.util.Arrays.fill(gxScalar, 0.5f);
            ReluKernel.forward(x, y, n);
            ReluKernel.forwardScalar(x, yScalar, 0, n);
            ReluKernel.backward(x, g, gx, n);
            ReluKernel.backwardScalar(x, g, gxScalar, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(yScalar[i]) , Float.floatToRawIntBits(y[i]), "y[" + i + "] x=" + x[i]);
                assertEquals(Float.floatToRawIntBits(gxScalar[i]), Float.floatToRawIntBits(gx[i]), "gx[" + i + "] x=" + x[i]);
                double expected = Double.isNaN(x[i]) ? Double.NaN : Math.max(x[i], 0.0);
                if (x[i] == 0f) {
                    expected = x[i];
                }
                assertEquals(expected, y[i], 0.0, "relu(" + x[i] + ")");
            }
        }
    }
}
