package org.era4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.kernel.ParameterSharing.ChannelLayout;
import org.era4j.nn.ClassifierStep;
import org.era4j.optim.LearningRateSchedule;
import org.era4j.rational.ActivationTarget;
import org.junit.jupiter.api.Test;

class TrainConfigParseTest {

    /** The defaults of era train, with one option replaced. */
    private static TrainConfig parse(String option, String value) {
        String model = "fcn", activation = "era", init = "swish", sharing = "layer", norm = "default", axes = "feature",
                optimizer = "sgd", schedule = "none", clip = "none";
        switch (option) {
            case "--model" -> model = value;
            case "--activation" -> activation = value;
            case "--init" -> init = value;
            case "--sharing" -> sharing = value;
            case "--norm" -> norm = value;
            case "--norm-axes" -> axes = value;
            case "--optimizer" -> optimizer = value;
            case "--schedule" -> schedule = value;
            case "--clip" -> clip = value;
            default -> throw new AssertionError(option);
        }
        return TrainConfig.parse(model, activation, init, 4, sharing, norm, axes, optimizer, 0.01, 0.9, schedule, clip, 0.001,
                5, 64, 1, 1, "simd", 0, false, 1, 0, null, Path.of("runs/x"), false);
    }

    @Test
    void everyMalformedValueIsOneLineNamingTheFlagAndTheAcceptedForms() {
        List<String[]> cases = List.of(
                new String[] {"--model", "vgg"}, new String[] {"--model", ""},
                new String[] {"--activation", "softplus"}, new String[] {"--activation", "era:"},
                new String[] {"--activation", "era:swish:4:1"}, new String[] {"--activation", "era:nope:4"},
                new String[] {"--activation", "era:swish:x"}, new String[] {"--activation", "era:swish:3"},
                new String[] {"--init", "softplus"}, new String[] {"--init", ""},
                new String[] {"--sharing", "pixel"}, new String[] {"--sharing", "group:"}, new String[] {"--sharing", "group:0"},
                new String[] {"--norm", "group"}, new String[] {"--norm-axes", "both"},
                new String[] {"--optimizer", "rmsprop"},
                new String[] {"--schedule", "step:"}, new String[] {"--schedule", "step:x"}, new String[] {"--schedule", "step:0"},
                new String[] {"--schedule", "step:2,,3"}, new String[] {"--schedule", "step:0%"},
                new String[] {"--schedule", "step:100%"}, new String[] {"--schedule", "step:a%"},
                new String[] {"--schedule", "exp:0.9"}, new String[] {"--schedule", "exp:-1:10"},
                new String[] {"--schedule", "exp:0.9:0"}, new String[] {"--schedule", "cosine?"},
                new String[] {"--clip", "abc"}, new String[] {"--clip", "-1"}, new String[] {"--clip", "value:0"},
                new String[] {"--clip", "norm:Infinity"}, new String[] {"--clip", "norm:NaN"}, new String[] {"--clip", ""});
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(c[0], c[1]), c[0] + " " + c[1]);
            String message = e.getMessage();
            assertFalse(message.contains("\n"), message);
            String flag = c[0].equals("--activation") && c[1].startsWith("era:") && c[1].length() > 4 && !c[1].equals("era:swish:4:1")
                    ? "--activation era:INIT" : c[0];
            assertTrue(message.startsWith(flag), c[0] + " " + c[1] + " -> " + message);
            assertTrue(message.contains("accepted") || message.contains("needs"), c[0] + " " + c[1] + " -> " + message);
        }
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.parse("fcn", "era", "swish", 5, "layer", "default", "feature",
                "sgd", 0.01, 0.9, "none", "none", 0.001, 5, 64, 1, 1, "simd", 0, false, 1, 0, null, Path.of("x"), false));
    }

    @Test
    void theCommandLineBecomesTypedValues() {
        TrainConfig c = TrainConfig.parse("CNN", "era:gelu-tanh:2", "swish", 4, "group:4", "batch", "scalar", "nesterov", 0.01,
                0.9, "step:80%", "0.5", 0, 5, 64, 1, 1, "simd", 0, false, 1, 0, null, Path.of("x"), false);
        assertEquals(TrainConfig.Model.CNN, c.model());
        ActivationSpec.Era era = assertInstanceOf(ActivationSpec.Era.class, c.activation());
        assertEquals(ActivationCatalogue.GELU, era.init().fittedTo());
        assertEquals(2, era.degree());
        assertEquals(new ActivationSpec.Sharing(ActivationSpec.Sharing.Kind.GROUP, 4), era.sharing());
        assertEquals(TrainConfig.Norm.BATCH, c.norm());
        assertEquals(TrainConfig.NormAxes.NONE, c.normAxes());
        assertEquals(TrainConfig.Optimizer.NESTEROV, c.optimizer());
        assertEquals(new Schedule.StepPercent(80), c.schedule());
        assertEquals(new Clipping(ClassifierStep.Clipping.GLOBAL_NORM, 0.5), c.clip());
        // the recorded spellings are canonical and read back to the same configuration
        Map<String, String> map = c.asMap();
        assertEquals("gelu", map.get("init"));
        assertEquals("step:80%", map.get("schedule"));
        assertEquals("norm:0.5", map.get("clip"));
        assertEquals(map, TrainConfig.fromMap(map, null, Path.of("x")).asMap());
        assertNull(parse("--activation", "relu").era());
    }

    @Test
    void olderCheckpointSpellingsCompareEqualToTheSameChoiceNow() {
        assertEquals("none", TrainConfig.canonical("schedule", "constant"));
        assertEquals("step:4", TrainConfig.canonical("schedule", "step: 4"));
        assertEquals("norm:1.0", TrainConfig.canonical("clip", "1"));
        assertEquals("swish", TrainConfig.canonical("init", "silu"));
        assertEquals("gelu", TrainConfig.canonical("init", "GELU-TANH"));
        assertEquals("feature", TrainConfig.canonical("norm-axes", "per-channel"));
        assertEquals("whatever", TrainConfig.canonical("schedule", "whatever")); // unreadable: left for the comparison to report
    }

    @Test
    void aNameMeansOneFunctionAsLayerAndAsInitialisationTarget() {
        float[] xs = {-3f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f};
        try (ExecutionContext context = ExecutionContext.cpu(1); GradMode.Scope noGrad = GradMode.disabled()) {
            for (ActivationCatalogue a : ActivationCatalogue.values()) {
                ActivationSpec fixed = parse("--activation", a.cliName()).activation();
                assertEquals(a, ((ActivationSpec.Fixed) fixed).function());
                float[] y = a.layer().create(xs.length, ChannelLayout.CHANNELS_LAST).forward(context, Tensor.of(xs.clone(), 1, xs.length)).data();
                if (a == ActivationCatalogue.RELU6) {
                    assertThrows(IllegalArgumentException.class, () -> parse("--init", "relu6"));
                    for (int i = 0; i < xs.length; i++) {
                        assertEquals(Math.min(Math.max(0, xs[i]), 6), y[i], 0);
                    }
                    continue;
                }
                ActivationSpec.Era era = parse("--init", a.cliName()).era();
                assertEquals(a, era.init().fittedTo(), a.cliName());
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(a.target().value(xs[i]), y[i], 2e-6, a.cliName() + " at " + xs[i]);
                }
                for (String alias : a.aliases()) {
                    assertEquals(a, ActivationCatalogue.find(alias));
                }
            }
        }
        // gelu is the tanh form everywhere; the exact GELU has its own name
        assertEquals(ActivationTarget.geluTanh(), ActivationCatalogue.find("gelu").target());
        assertEquals(ActivationTarget.gelu(), ActivationCatalogue.find("gelu-exact").target());
    }

    @Test
    void schedulesTakeTheirLengthFromTheDataTheyGet() {
        // cosine: the end of training is the end of the schedule, whatever the data-set size
        for (int stepsPerEpoch : new int[] {16, 157, 938}) {
            LearningRateSchedule cosine = Schedule.parse("cosine").build(0.1, 3, stepsPerEpoch);
            assertEquals(0.1, cosine.rate(0, 0), 1e-12);
            assertEquals(0.05, cosine.rate(1, (3L * stepsPerEpoch) / 2), 1e-3);
            assertEquals(0, cosine.rate(2, 3L * stepsPerEpoch), 1e-12);
        }
        // step:80% of 5 epochs is step:4 of 5
        LearningRateSchedule percent = Schedule.parse("step:80%").build(0.01, 5, 157);
        LearningRateSchedule epochs = Schedule.parse("step:4").build(0.01, 5, 157);
        for (long step = 0; step < 5 * 157; step++) {
            assertEquals(epochs.rate((int) (step / 157), step), percent.rate((int) (step / 157), step), 0, "step " + step);
        }
        // within one epoch too (the demo on the full data set)
        LearningRateSchedule one = Schedule.parse("step:80%").build(0.01, 1, 938);
        assertEquals(0.01, one.rate(0, 749), 0);
        assertEquals(0.001, one.rate(0, 750), 1e-15);
        assertTrue(Schedule.parse("cosine").dependsOnLength() && Schedule.parse("step:80%").dependsOnLength());
        assertFalse(Schedule.parse("step:4").dependsOnLength());
    }
}
