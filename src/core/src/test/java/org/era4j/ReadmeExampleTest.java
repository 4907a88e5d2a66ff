package org.era4j;

import static org.era4j.kernel.ParameterSharing.ChannelLayout.CHANNELS_FIRST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.era4j.kernel.EraBackends;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/** The README's API example, line for line, with checks of what it claims. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsAndDoesWhatItSays() {
        int channels = 3;
        int height = 5;
        int width = 7;
        float[] x = new float[2 * channels * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 13) * 0.5f - 3f;
        }
        float[] y = new float[x.length];
        float[] dy = new float[x.length];
        java.util.Arrays.fill(dy, 1f);
        float[] dx = new float[x.length];

        EraSpec spec = EraSpec.of(2);
        float[] params = EraInitializer.fitted(ActivationTarget.swish(), spec);
        EraBackend simd = EraBackends.defaultBackend();
        simd.forward(spec, params, 0, x, 0, y, 0, x.length);
        float[] dParams = new float[spec.parameterCount()];
        simd.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        float[] channelParams = new float[channels * spec.parameterCount()];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(params, 0, channelParams, c * spec.parameterCount(), spec.parameterCount());
        }
        float[] perChannel = new float[x.length];
        try (EraExecutor executor = new EraExecutor(simd, 2)) {
            executor.forward(spec, ParameterSharing.perChannel(channels, CHANNELS_FIRST),
                    channelParams, 0, x, 0, perChannel, 0, x.length, height * width);
        }

        assertEquals(10, params.length);
        for (int i = 0; i < x.length; i++) {
            double swish = x[i] / (1 + Math.exp(-x[i]));
            assertEquals(swish, y[i], 1e-4, "a Swish-initialised ERA is Swish on [-3, 3] at x=" + x[i]);
            assertEquals(y[i], perChannel[i], "identical sets per channel give the layer result");
        }
        assertTrue(dParams[1] == x.length, "db sums dy = 1 over every element");
    }
}
