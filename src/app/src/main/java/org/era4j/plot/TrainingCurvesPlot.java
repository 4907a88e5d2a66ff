package org.era4j.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves: two panels side by side, loss per epoch and accuracy (%) per epoch, training
 * solid and test dashed.
 */
public final class TrainingCurvesPlot {

    public static final int PANEL_WIDTH = 600;
    public static final int PANEL_HEIGHT = 420;
    public static final int WIDTH = 2 * PANEL_WIDTH;
    public static final int HEIGHT = PANEL_HEIGHT;

    private TrainingCurvesPlot() {
    }

    /**
     * @param epochs at least one point, epochs strictly increasing
     * @throws IllegalArgumentException for an empty list or epochs out of order
     */
    public static BufferedImage render(String title, List<EpochPoint> epochs) {
        Charts.init();
        Objects.requireNonNull(title, "title");
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("training curves need at least one epoch");
        }
        for (int k = 1; k < epochs.size(); k++) {
            if (epochs.get(k).epoch() <= epochs.get(k - 1).epoch()) {
                throw new IllegalArgumentException("epochs must increase: epoch " + epochs.get(k).epoch()
                        + " follows epoch " + epochs.get(k - 1).epoch() + " at position " + k);
            }
        }
        XYChart loss = Charts.chart(PANEL_WIDTH, PANEL_HEIGHT, title + ": loss", "epoch", "loss");
        XYChart accuracy = Charts.chart(PANEL_WIDTH, PANEL_HEIGHT, title + ": accuracy", "epoch", "accuracy (%)");
        add(loss, "train", epochs, EpochPoint::trainLoss, 1, false);
        add(loss, "test", epochs, EpochPoint::testLoss, 1, true);
        add(accuracy, "train", epochs, EpochPoint::trainAccuracy, 100, false);
        add(accuracy, "test", epochs, EpochPoint::testAccuracy, 100, true);
        return Charts.sideBySide(List.of(loss, accuracy), PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** {@link #render} written as a PNG file, atomically. */
    public static void write(Path file, String title, List<EpochPoint> epochs) throws IOException {
        Charts.writePng(render(title, epochs), file);
    }

    private static void add(XYChart chart, String name, List<EpochPoint> epochs,
            java.util.function.ToDoubleFunction<EpochPoint> metric, double scale, boolean dashed) {
        List<Integer> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochPoint p : epochs) {
            double v = metric.applyAsDouble(p);
            if (!Double.isNaN(v)) {
                xs.add(p.epoch());
                ys.add(v * scale);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineColor(Charts.COLOURS[dashed ? 1 : 0]);
        s.setMarkerColor(Charts.COLOURS[dashed ? 1 : 0]);
        s.setLineStyle(dashed ? Charts.DASHED : Charts.SOLID);
    }
}
