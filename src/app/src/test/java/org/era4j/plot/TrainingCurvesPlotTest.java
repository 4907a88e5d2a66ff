package org.era4j.plot;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesPlotTest {

    @TempDir
    Path dir;

    static List<EpochPoint> run(int epochs) {
        List<EpochPoint> points = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double test = e % 5 == 0 ? 0.9 / e + 0.05 : Double.NaN;
            points.add(new EpochPoint(e, 1.0 / e, 1 - 0.5 / e, test, Double.isNaN(test) ? Double.NaN : 0.8 - 0.3 / e));
        }
        return points;
    }

    @Test
    void writesLossAndAccuracyPanels() throws IOException {
        Path file = dir.resolve("curves.png");
        TrainingCurvesPlot.write(file, "FCN, ERA swish", run(20));
        BufferedImage image = PngAssertions.assertPlot(file, TrainingCurvesPlot.WIDTH, TrainingCurvesPlot.HEIGHT);
        for (int panel = 0; panel < 2; panel++) {
            int x0 = panel * TrainingCurvesPlot.PANEL_WIDTH;
            assertTrue(PngAssertions.pixelsNear(image, Charts.COLOURS[0], x0, x0 + TrainingCurvesPlot.PANEL_WIDTH) > 100,
                    "train curve in panel " + panel);
            assertTrue(PngAssertions.pixelsNear(image, Charts.COLOURS[1], x0, x0 + TrainingCurvesPlot.PANEL_WIDTH) > 50,
                    "test curve in panel " + panel);
        }
    }

    @Test
    void aSingleEpochIsEnough() throws IOException {
        Path file = dir.resolve("one.png");
        TrainingCurvesPlot.write(file, "one", List.of(new EpochPoint(0, 2.3, 0.1, 2.3, 0.1)));
        PngAssertions.assertPlot(file, TrainingCurvesPlot.WIDTH, TrainingCurvesPlot.HEIGHT);
    }

    @Test
    void badRecordsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TrainingCurvesPlot.render("t", List.of()));
        assertThrows(IllegalArgumentException.class, () -> TrainingCurvesPlot.render("t",
                List.of(new EpochPoint(2, 1, 0.5, 1, 0.5), new EpochPoint(2, 1, 0.5, 1, 0.5))));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new EpochPoint(3, Double.NaN, 0.5, 1, 0.5));
        assertTrue(nan.getMessage().contains("training loss of epoch 3 is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(1, 1, 1.5, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(1, 1, 0.5, Double.POSITIVE_INFINITY, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(-1, 1, 0.5, 1, 0.5));
    }
}
