package org.era4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.data.Augmentation;
import org.era4j.data.Batch;
import org.era4j.data.Batcher;
import org.era4j.data.Dataset;
import org.era4j.nn.EraActivation;
import org.era4j.nn.Module;
import org.era4j.nn.Sequential;
import org.era4j.plot.ActivationCurve;
import org.era4j.plot.ActivationPlot;
import org.era4j.plot.EpochPoint;
import org.era4j.plot.InputHistogram;
import org.era4j.plot.TrainingCurvesPlot;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * The pictures of a run: {@code curves.png} (loss and accuracy per epoch) and, for every ERA
 * layer, {@code era-LAYER.png}: the learned function against its initialisation with first and
 * second derivatives, and the density of the inputs the layer sees on test images shaded behind
 * (as in the paper's Figures 1-6). For per-channel or grouped sharing the first set is drawn.
 */
public final class RunPlots {

    private static final double RANGE = 4;

    private RunPlots() {
    }

    /** Writes every plot into {@code directory}; returns the files written. */
    public static List<Path> write(Path directory, String title, Sequential model, float[] initialSet,
                                   Dataset test, List<EpochMetrics> metrics) throws IOException {
        List<Path> files = new ArrayList<>();
        Path curves = directory.resolve("curves.png");
        TrainingCurvesPlot.write(curves, title, metrics.stream()
                .map(m -> new EpochPoint(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy())).toList());
        files.add(curves);
        Map<String, InputHistogram> inputs = eraInputs(model, test);
        for (Map.Entry<String, Module> layer : model.children().entrySet()) {
            if (!(layer.getValue() instanceof EraActivation era)) {
                continue;
            }
            EraSpec spec = era.spec();
            double[] learned = new double[spec.parameterCount()];
            float[] sets = era.parameterSets().data();
            for (int k = 0; k < learned.length; k++) {
                learned[k] = sets[k];
            }
            List<ActivationCurve> curvesOf = new ArrayList<>();
            if (initialSet != null) {
                double[] initial = new double[spec.parameterCount()];
                for (int k = 0; k < initial.length; k++) {
                    initial[k] = initialSet[k];
                }
                curvesOf.add(curve("initial", spec, initial));
            }
            curvesOf.add(curve("learned", spec, learned));
            Path file = directory.resolve("era-" + layer.getKey() + ".png");
            ActivationPlot.write(file, title + ": " + layer.getKey(), curvesOf, inputs.get(layer.getKey()), -RANGE, RANGE);
            files.add(file);
        }
        return files;
    }

    private static ActivationCurve curve(String label, EraSpec spec, double[] p) {
        return new ActivationCurve(label, x -> EraReference.value(spec, p, 0, x),
                x -> EraReference.derivative(spec, p, 0, x), x -> EraReference.secondDerivative(spec, p, 0, x));
    }

    /** Histograms of what each top-level ERA layer receives on (up to 1,000) test images. */
    static Map<String, InputHistogram> eraInputs(Sequential model, Dataset test) {
        Map<String, InputHistogram> histograms = new LinkedHashMap<>();
        Batcher batcher = new Batcher(test, Math.min(1000, test.size()), false, Augmentation.NONE, 0);
        Batch batch = batcher.newBatch();
        batcher.startEpoch(0);
        if (!batcher.next(batch)) {
            return histograms;
        }
        model.eval();
        // a CPU context of its own: plots run after training, whatever backend trained
        try (ExecutionContext context = ExecutionContext.cpu(1); GradMode.Scope noGrad = GradMode.disabled()) {
            int n = batch.size();
            Tensor x = Tensor.of(Arrays.copyOf(batch.images(), n * test.imageSize()), n, test.channels(), test.height(), test.width());
            for (Map.Entry<String, Module> layer : model.children().entrySet()) {
                if (layer.getValue() instanceof EraActivation) {
                    InputHistogram histogram = new InputHistogram(-RANGE, RANGE, 80);
                    histogram.add(x.data(), 0, x.size());
                    histograms.put(layer.getKey(), histogram);
                }
                x = layer.getValue().forward(context, x);
            }
        }
        return histograms;
    }
}
