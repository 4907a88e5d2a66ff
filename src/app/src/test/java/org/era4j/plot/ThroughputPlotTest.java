package org.era4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputPlotTest {

    @TempDir
    Path dir;

    static List<ThroughputSeries> backends() {
        double[] sizes = {1e3, 1e4, 1e5, 1e6, 1e7};
        return List.of(new ThroughputSeries("scalar", sizes, new double[] {0.3, 0.35, 0.36, 0.36, 0.34}),
                new ThroughputSeries("vector", sizes, new double[] {0.8, 2.1, 2.6, 2.4, 1.9}),
                new ThroughputSeries("reference", new double[] {1e3, 1e5, 1e7}, new double[] {0.05, 0.06, 0.06}));
    }

    @Test
    void writesOneLinePerBackendOnALogAxis() throws IOException {
        Path file = dir.resolve("bench.png");
        ThroughputPlot.write(file, "ERA forward, n = 2", backends());
        BufferedImage image = PngAssertions.assertPlot(file, ThroughputPlot.WIDTH, ThroughputPlot.HEIGHT);
        for (int k = 0; k < 3; k++) {
            assertTrue(PngAssertions.pixelsNear(image, Charts.COLOURS[k], 0, ThroughputPlot.WIDTH) > 100,
                    "backend " + k + " drawn");
        }
    }

    @Test
    void overwritesAnExistingFileAtomically() throws IOException {
        Path file = dir.resolve("bench.png");
        ThroughputPlot.write(file, "first", backends());
        ThroughputPlot.write(file, "second", backends().subList(0, 1));
        PngAssertions.assertPlot(file, ThroughputPlot.WIDTH, ThroughputPlot.HEIGHT);
    }

    @Test
    void badSeriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ThroughputPlot.render("t", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ThroughputSeries("a", new double[] {1, 2}, new double[] {1}));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new ThroughputSeries("a", new double[] {0, 2}, new double[] {1, 1}));
        assertTrue(zero.getMessage().startsWith("a: sizes must be positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ThroughputSeries("a", new double[] {2, 1}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> new ThroughputSeries("a", new double[] {1, 2}, new double[] {1, Double.NaN}));
        ThroughputSeries a = new ThroughputSeries("a", new double[] {1}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> ThroughputPlot.render("t", List.of(a, a)));
        double[] sizes = {1, 2};
        ThroughputSeries copy = new ThroughputSeries("c", sizes, new double[] {1, 1});
        sizes[0] = 5;
        assertEquals(1, copy.sizes()[0], "the record copies its arrays");
    }
}
