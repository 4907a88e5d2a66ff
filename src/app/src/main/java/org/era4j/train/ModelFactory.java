package org.era4j.train;

import org.era4j.nn.ActivationFactory;
import org.era4j.nn.DeepModels;
import org.era4j.nn.LearnableAxes;
import org.era4j.nn.Models;
import org.era4j.nn.NormKind;
import org.era4j.nn.Sequential;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;

/** Builds the network a {@link TrainConfig} names, for a data set's image shape. */
public final class ModelFactory {

    private ModelFactory() {
    }

    public static Sequential build(TrainConfig c, int[] inputShape, int classes) {
        ActivationFactory activation = activation(c.activation(), c.seed());
        NormKind norm = norm(c);
        LearnableAxes axes = switch (c.normAxes()) {
            case FEATURE -> LearnableAxes.PER_CHANNEL;
            case NONE -> LearnableAxes.SCALAR;
        };
        int side = inputShape[1];
        return switch (c.model()) {
            case FCN -> Models.fcn(inputShape, classes, scaled(Models.FCN_HIDDEN, c.width()), norm, axes, activation, c.seed());
            case CNN -> Models.cnn(inputShape, classes, norm, axes, activation, c.seed());
            case RESNET18 -> DeepModels.resnet18(inputShape, classes, Math.max(4, (int) Math.round(16 * c.width())), norm,
                    axes, activation, c.seed());
            case TRANSFORMER -> DeepModels.transformer(inputShape, classes, patch(side), Math.max(8, (int) Math.round(64 * c.width())),
                    4, Math.max(8, (int) Math.round(128 * c.width())), 2, false, activation, c.seed());
            case MIXER -> DeepModels.mixer(inputShape, classes, patch(side), Math.max(8, (int) Math.round(64 * c.width())),
                    Math.max(8, (int) Math.round(64 * c.width())), Math.max(8, (int) Math.round(128 * c.width())), 2, false,
                    activation, c.seed());
            case MOBILENET -> org.era4j.nn.MobileNet.v1(inputShape, classes, c.width(), norm, axes, activation, c.seed());
        };
    }

    /** The activation factory for every hidden slot. */
    static ActivationFactory activation(ActivationSpec spec, long seed) {
        return switch (spec) {
            case ActivationSpec.Fixed fixed -> fixed.function().layer();
            case ActivationSpec.Era era -> {
                float[] initial = initialSet(era, seed);
                yield switch (era.sharing().kind()) {
                    case LAYER -> ActivationFactory.era(era.spec(), ActivationFactory.EraSharing.LAYER, 1, initial);
                    case CHANNEL -> ActivationFactory.era(era.spec(), ActivationFactory.EraSharing.CHANNEL, 1, initial);
                    case GROUP -> ActivationFactory.era(era.spec(), ActivationFactory.EraSharing.GROUP, era.sharing().groups(), initial);
                };
            }
        };
    }

    /** The parameter set every ERA layer starts from: fitted to the catalogue's target, or seeded random. */
    public static float[] initialSet(ActivationSpec.Era era, long seed) {
        EraSpec spec = era.spec();
        return era.init().random() ? EraInitializer.random(spec, seed)
                : org.era4j.fit.EraFitter.fitted(era.init().fittedTo().target(), spec);
    }

    /** The ERA set every layer of a run started from, or null for fixed activations (for plots). */
    public static float[] initialSet(TrainConfig config) {
        return config.era() == null ? null : initialSet(config.era(), config.seed());
    }

    private static NormKind norm(TrainConfig c) {
        return switch (c.norm()) {
            case DEFAULT -> switch (c.model()) {
                case FCN -> NormKind.LAYER;
                case CNN -> NormKind.INSTANCE;
                default -> NormKind.BATCH;
            };
            case LAYER -> NormKind.LAYER;
            case INSTANCE -> NormKind.INSTANCE;
            case BATCH -> NormKind.BATCH;
            case NONE -> NormKind.NONE;
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
