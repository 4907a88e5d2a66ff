package org.era4j.train;

import java.util.Locale;
import org.era4j.nn.ActivationFactory;
import org.era4j.nn.DeepModels;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;

/** Builds the network a {@link TrainConfig} names, for a data set's image shape. */
public final class ModelFactory {

    private ModelFactory() {
    }

    public static Sequential build(TrainConfig c, int[] inputShape, int classes) {
        ActivationFactory activation = activation(c);
        NormKind norm = norm(c);
        LearnableAxes axes = switch (c.normAxes()) {
            case "feature", "channel", "per-channel" -> LearnableAxes.PER_CHANNEL;
            case "none", "scalar" -> LearnableAxes.SCALAR;
            default -> throw new IllegalArgumentException("--norm-axes must be feature or none, got " + c.normAxes());
        };
        int side = inputShape[1];
        return switch (c.model()) {
            case "fcn" -> Models.fcn(inputShape, classes, scaled(Models.FCN_HIDDEN, c.width()), norm, axes, activation, c.seed());
            case "cnn" -> Models.cnn(inputShape, classes, norm, axes, activation, c.seed());
            case "resnet18" -> DeepModels.resnet18(inputShape, classes, Math.max(4, (int) Math.round(16 * c.width())), norm,
                    axes, activation, c.seed());
            case "transformer" -> DeepModels.transformer(inputShape, classes, patch(side), Math.max(8, (int) Math.round(64 * c.width())),
                    4, Math.max(8, (int) Math.round(128 * c.width())), 2, false, activation, c.seed());
            case "mixer" -> DeepModels.mixer(inputShape, classes, patch(side), Math.max(8, (int) Math.round(64 * c.width())),
                    Math.max(8, (int) Math.round(64 * c.width())), Math.max(8, (int) Math.round(128 * c.width())), 2, false,
                    activation, c.seed());
            default -> throw new IllegalArgumentException("--model must be fcn, cnn, resnet18, transformer or mixer, got " + c.model());
        };
    }

    /** The activation factory for every hidden slot. */
    static ActivationFactory activation(TrainConfig c) {
        return switch (c.activation()) {
            case "relu" -> ActivationFactory.relu();
            case "leaky-relu", "leaky_relu" -> ActivationFactory.leakyRelu(0.01f);
            case "swish", "silu" -> ActivationFactory.swish();
            case "gelu", "gelu-tanh" -> ActivationFactory.geluTanh();
            case "gelu-exact" -> ActivationFactory.geluExact();
            case "tanh" -> ActivationFactory.tanh();
            case "sigmoid" -> ActivationFactory.sigmoid();
            case "era" -> era(c);
            default -> throw new IllegalArgumentException("--activation must be relu, leaky-relu, swish, gelu, gelu-exact, "
                    + "tanh, sigmoid or era, got " + c.activation());
        };
    }

    private static ActivationFactory era(TrainConfig c) {
        EraSpec spec = EraSpec.ofDenominatorDegree(c.degree(), EraSpec.DEFAULT_EPS);
        float[] initial = c.init().equals("random")
                ? EraInitializer.random(spec, c.seed())
                : org.era4j.fit.EraFitter.fitted(ActivationTarget.parse(c.init()), spec);
        String sharing = c.sharing().toLowerCase(Locale.ROOT);
        if (sharing.equals("layer")) {
            return ActivationFactory.era(spec, ActivationFactory.EraSharing.LAYER, 1, initial);
        }
        if (sharing.equals("channel")) {
            return ActivationFactory.era(spec, ActivationFactory.EraSharing.CHANNEL, 1, initial);
        }
        if (sharing.startsWith("group:")) {
            int groups;
            try {
                groups = Integer.parseInt(sharing.substring(6));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sharing group:G needs a number, got " + c.sharing());
            }
            return ActivationFactory.era(spec, ActivationFactory.EraSharing.GROUP, groups, initial);
        }
        throw new IllegalArgumentException("--sharing must be layer, channel or group:G, got " + c.sharing());
    }

    private static NormKind norm(TrainConfig c) {
        return switch (c.norm()) {
            case "default" -> c.model().equals("fcn") ? NormKind.LAYER
                    : c.model().equals("cnn") ? NormKind.INSTANCE : NormKind.BATCH;
            case "layer" -> NormKind.LAYER;
            case "instance" -> NormKind.INSTANCE;
            case "batch" -> NormKind.BATCH;
            case "none" -> NormKind.NONE;
            default -> throw new IllegalArgumentException("--norm must be layer, instance, batch, none or default, got " + c.norm());
        };
    }

    private static int[] scaled(int[] widths, double factor) {
        int[] out = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            out[i] = Math.max(1, (int) Math.round(widths[i] * factor));
        }
        return out;
    }

    private static int patch(int side) {
        for (int p : new int[] {7, 4, 8, 2}) {
            if (side % p == 0) {
                return p;
            }
        }
        return 1;
    }
}
