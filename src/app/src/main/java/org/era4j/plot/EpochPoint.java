package org.era4j.plot;

/**
 * One epoch of a training run, as {@link TrainingCurvesPlot} draws it. Accuracies are fractions
 * in [0, 1]. The test values may be NaN for an epoch that was not evaluated (that point is left
 * out); the training values must be finite.
 */
public record EpochPoint(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {

    public EpochPoint {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        Charts.requireFinite(trainLoss, "training loss of epoch " + epoch);
        Charts.requireFinite(trainAccuracy, "training accuracy of epoch " + epoch);
        checkAccuracy(trainAccuracy, "training", epoch);
        if (Double.isInfinite(testLoss)) {
            throw new IllegalArgumentException("test loss of epoch " + epoch + " is " + testLoss
                    + "; use NaN for an epoch without evaluation");
        }
        if (!Double.isNaN(testAccuracy)) {
            checkAccuracy(testAccuracy, "test", epoch);
        }
    }

    private static void checkAccuracy(double accuracy, String split, int epoch) {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException(split + " accuracy of epoch " + epoch + " is " + accuracy
                    + ", outside [0, 1]");
        }
    }
}
