package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.era4j.autograd.ExecutionContext;
import org.era4j.gpu.ClTimings;
import org.era4j.gpu.OpenClEraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackends;
import org.era4j.kernel.ParameterSharing;
import org.era4j.nn.ClassifierStep;
import org.era4j.nn.Dense;
import org.era4j.nn.EraActivation;
import org.era4j.nn.Sequential;
import org.era4j.optim.Sgd;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/**
 * Training on a device backend hands each ERA layer call to the device whole (one launch per
 * pass, not one per 16 Ki-element chunk): the host-device transfers of one training step are
 * counted. Per ERA layer and step: forward 3 (parameters, x up; y down) and backward 3 (dy up; dx
 * and the parameter sums down; x and the parameters stayed on the device since forward) = 6,
 * whatever the tensor size. The neighbouring dense layers run on the host, so x must come up and
 * y and dx down once each.
 */
class DeviceTrainingTransfersTest {

    static final int TRANSFERS_PER_ERA_LAYER_AND_STEP = 6;

    @Test
    void oneTrainingStepMovesSixBuffersPerEraLayer() {
        EraBackendProvider.Availability availability = EraBackends.find("opencl").orElseThrow().availability();
        assumeTrue(availability.available(), "needs an OpenCL device (CI installs PoCL): " + availability.reason());
        EraSpec spec = EraSpec.of(2);
        float[] swish = EraInitializer.fitted(ActivationTarget.swish(), spec);
        int batch = 128; // 128 x 300 = 38,400 elements per ERA call: three of the executor's 16 Ki chunks
        Random random = new Random(5);
        Sequential model = new Sequential(
                new Dense(20, 300, true, random),
                new EraActivation(spec, ParameterSharing.perChannel(300, ParameterSharing.ChannelLayout.CHANNELS_LAST), swish),
                new Dense(300, 300, true, random),
                new EraActivation(spec, ParameterSharing.layer(), swish),
                new Dense(300, 10, true, random));
        float[] inputs = new float[batch * 20];
        int[] labels = new int[batch];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        try (ExecutionContext context = ExecutionContext.open("opencl", 1)) {
            OpenClEraBackend device = (OpenClEraBackend) context.eraBackend();
            ClassifierStep step = new ClassifierStep(context, model, new Sgd(model.parameters(), 0.05, 0.9, false),
                    null, ClassifierStep.Clipping.NONE, 0);
            float[] eraBefore = model.parameters().get(2).data().clone();
            step.train(inputs, new int[] {batch, 20}, labels); // first step: buffers allocated, program warm
            for (int s = 0; s < 3; s++) {
                ClTimings before = device.kernels().timings();
                float loss = step.train(inputs, new int[] {batch, 20}, labels);
                ClTimings moved = device.kernels().timings().since(before);
                assertTrue(Float.isFinite(loss), "loss " + loss);
                assertEquals(2 * TRANSFERS_PER_ERA_LAYER_AND_STEP, moved.transfers(), moved.toString());
            }
            assertFalse(Arrays.equals(eraBefore, model.parameters().get(2).data()), "the ERA parameters were trained");
        }
    }
}
