package org.era4j.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's activation figure (supplementary Figures 1-6), extended: three panels side by side,
 * {@code sigma(x)}, {@code sigma'(x)} and {@code sigma''(x)} on {@code [xMin, xMax]}, each with
 * every curve (typically the initialisation and the learned function) and, shaded
 * behind them on a right-hand axis of its own, the density of the inputs the activation saw
 * ("not true to scale", as in the paper). Each curve is sampled at {@value #SAMPLES} points.
 */
public final class ActivationPlot {

    public static final int PANEL_WIDTH = 520;
    public static final int PANEL_HEIGHT = 420;
    /** Width of the whole image: three panels. */
    public static final int WIDTH = 3 * PANEL_WIDTH;
    public static final int HEIGHT = PANEL_HEIGHT;
    public static final int SAMPLES = 501;

    private static final Color DENSITY_FILL = new Color(160, 160, 160, 110);
    private static final String[] PANEL_TITLES = {"σ(x)", "σ'(x)", "σ''(x)"};

    private ActivationPlot() {
    }

    /**
     * Renders the figure.
     *
     * @param curves 1 to 7 curves, each in its own colour (solid lines: XChart restarts a dash
     *               pattern at every sample, so dashes would vanish at this sampling density)
     * @param inputs input histogram to shade behind the curves, or null for none
     * @throws IllegalArgumentException when the range is empty or not finite, or a curve gives a
     *                                  non-finite value (the message names the curve and x)
     */
    public static BufferedImage render(String title, List<ActivationCurve> curves, InputHistogram inputs,
            double xMin, double xMax) {
        Charts.init();
        Objects.requireNonNull(title, "title");
        if (curves.isEmpty() || curves.size() > Charts.COLOURS.length) {
            throw new IllegalArgumentException("an activation plot takes 1 to " + Charts.COLOURS.length
                    + " curves, got " + curves.size());
        }
        if (!(Double.isFinite(xMin) && Double.isFinite(xMax) && xMin < xMax)) {
            throw new IllegalArgumentException("x range must be finite with xMin < xMax, got [" + xMin + ", " + xMax + "]");
        }
        double[] x = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = xMin + (xMax - xMin) * i / (SAMPLES - 1);
        }
        List<XYChart> panels = new ArrayList<>(3);
        for (int panel = 0; panel < 3; panel++) {
            XYChart chart = Charts.chart(PANEL_WIDTH, PANEL_HEIGHT, title + ": " + PANEL_TITLES[panel], "x",
                    PANEL_TITLES[panel]);
            if (inputs != null) {
                addDensity(chart, inputs, xMin, xMax);
            }
            for (int c = 0; c < curves.size(); c++) {
                ActivationCurve curve = curves.get(c);
                DoubleUnaryOperator f = switch (panel) {
                    case 0 -> curve.value();
                    case 1 -> curve.firstDerivative();
                    default -> curve.secondDerivative();
                };
                double[] y = new double[SAMPLES];
                for (int i = 0; i < SAMPLES; i++) {
                    y[i] = f.applyAsDouble(x[i]);
                    Charts.requireFinite(y[i], curve.label() + ": " + PANEL_TITLES[panel].replace("(x)", "")
                            + "(" + x[i] + ")");
                }
                XYSeries s = chart.addSeries(curve.label(), x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(Charts.COLOURS[c]);
                s.setLineStyle(Charts.SOLID);
            }
            chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax);
            panels.add(chart);
        }
        return Charts.sideBySide(panels, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** {@link #render} written as a PNG file, atomically. */
    public static void write(Path file, String title, List<ActivationCurve> curves, InputHistogram inputs,
            double xMin, double xMax) throws IOException {
        Charts.writePng(render(title, curves, inputs, xMin, xMax), file);
    }

    /** The density as a step-free area on y-axis group 1 (right), restricted to the plotted range. */
    private static void addDensity(XYChart chart, InputHistogram inputs, double xMin, double xMax) {
        double[] density = inputs.density();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int k = 0; k < density.length; k++) {
            double centre = inputs.binCenter(k);
            if (centre >= xMin && centre <= xMax) {
                xs.add(centre);
                ys.add(density[k]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries("input density", xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(DENSITY_FILL);
        s.setLineColor(DENSITY_FILL);
        s.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "input density");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
    }
}
