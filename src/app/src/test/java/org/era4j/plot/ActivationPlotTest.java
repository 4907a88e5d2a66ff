package org.era4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationPlotTest {

    @TempDir
    Path dir;

    /** Swish x * s(x), s = logistic: sigma' = s + x s (1 - s), sigma'' = s (1 - s) (2 + x (1 - 2 s)). */
    static ActivationCurve swish() {
        return new ActivationCurve("initial (Swish)", x -> x * s(x), x -> s(x) + x * s(x) * (1 - s(x)),
                x -> s(x) * (1 - s(x)) * (2 + x * (1 - 2 * s(x))));
    }

    static ActivationCurve learned() {
        return new ActivationCurve("learned", x -> 0.5 * x + Math.sin(x), x -> 0.5 + Math.cos(x), x -> -Math.sin(x));
    }

    private static double s(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static InputHistogram gaussianInputs() {
        InputHistogram h = new InputHistogram(-4, 4, 80);
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < 20_000; k++) {
            h.add(r.nextGaussian() * 0.8 + 0.3);
        }
        return h;
    }

    @Test
    void writesThreePanelsWithCurvesAndShadedDensity() throws IOException {
        Path file = dir.resolve("plots/era.png");
        ActivationPlot.write(file, "layer 2", List.of(swish(), learned()), gaussianInputs(), -4, 4);
        BufferedImage image = PngAssertions.assertPlot(file, ActivationPlot.WIDTH, ActivationPlot.HEIGHT);
        for (int panel = 0; panel < 3; panel++) {
            int x0 = panel * ActivationPlot.PANEL_WIDTH;
            int x1 = x0 + ActivationPlot.PANEL_WIDTH;
            assertTrue(PngAssertions.pixelsNear(image, Charts.COLOURS[0], x0, x1) > 100, "initial curve in panel " + panel);
            assertTrue(PngAssertions.pixelsNear(image, Charts.COLOURS[1], x0, x1) > 100, "learned curve in panel " + panel);
            // the translucent grey density over white
            assertTrue(PngAssertions.pixelsNear(image, new java.awt.Color(212, 212, 212), x0, x1) > 2000,
                    "shaded density in panel " + panel);
        }
    }

    @Test
    void worksWithoutDensityAndWithOneCurve() throws IOException {
        Path file = dir.resolve("one.png");
        ActivationPlot.write(file, "swish", List.of(swish()), null, -3, 3);
        PngAssertions.assertPlot(file, ActivationPlot.WIDTH, ActivationPlot.HEIGHT);
    }

    @Test
    void nonFiniteValuesAreRejectedNamingCurveAndX() {
        ActivationCurve pole = new ActivationCurve("pole", x -> 1 / x, x -> -1 / (x * x), x -> 2 / (x * x * x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationPlot.render("t", List.of(pole), null, -1, 1));
        assertTrue(e.getMessage().startsWith("pole: σ(0.0) is Infinity"), e.getMessage());
        ActivationCurve nan = new ActivationCurve("nan", x -> x, x -> 1, x -> Double.NaN);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ActivationPlot.render("t", List.of(nan), null, -1, 1));
        assertTrue(e2.getMessage().startsWith("nan: σ''(-1.0) is NaN"), e2.getMessage());
    }

    @Test
    void badRangesAndCurveCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ActivationPlot.render("t", List.of(swish()), null, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationPlot.render("t", List.of(swish()), null, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> ActivationPlot.render("t", List.of(), null, -1, 1));
    }

    @Test
    void histogramCountsBinsAndOutliers() {
        InputHistogram h = new InputHistogram(-1, 1, 4);
        h.add(new float[] {-1f, -0.75f, -0.5f, 0f, 0.49f, 0.999f, 1f, -2f, Float.NaN, Float.POSITIVE_INFINITY}, 0, 10);
        assertEquals(2, h.count(0));
        assertEquals(1, h.count(1));
        assertEquals(2, h.count(2));
        assertEquals(1, h.count(3));
        assertEquals(1, h.below());
        assertEquals(2, h.above());
        assertEquals(1, h.nanCount());
        assertEquals(6, h.inRange());
        assertEquals(-0.75, h.binCenter(0), 1e-15);
        double integral = 0;
        for (double d : h.density()) {
            integral += d * 0.5;
        }
        assertEquals(1.0, integral, 1e-12);
        InputHistogram edge = new InputHistogram(0, 0.3, 3);
        edge.add(Math.nextDown(0.3));
        assertEquals(1, edge.count(2), "a value just below hi lands in the last bin");
        assertThrows(IllegalArgumentException.class, () -> new InputHistogram(1, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new InputHistogram(0, 1, 0));
    }
}
