package org.era4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.era4j.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * What the plots share: headless AWT, one chart style, panels placed side by side, atomic PNG
 * files.
 */
final class Charts {

    /** Line colours, colour-blind safe (Okabe-Ito). */
    static final Color[] COLOURS = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0),
    };

    static final BasicStroke SOLID = new BasicStroke(2.0f);
    static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f);

    static {
        // Plots are written by servers and CI jobs without a display; must be set before AWT starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** Makes sure the static initialiser (headless mode) has run; call before touching AWT. */
    static void init() {
        // the class initialiser does the work
    }

    static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).theme(Styler.ChartTheme.XChart).build();
        chart.getStyler().setSeriesColors(COLOURS).setAntiAlias(true).setLegendPosition(Styler.LegendPosition.InsideNW)
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    /** Draws the charts into one image, left to right, each {@code panelWidth x panelHeight}. */
    static BufferedImage sideBySide(List<XYChart> charts, int panelWidth, int panelHeight) {
        BufferedImage image = new BufferedImage(panelWidth * charts.size(), panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int k = 0; k < charts.size(); k++) {
                BufferedImage panel = BitmapEncoder.getBufferedImage(charts.get(k));
                g.drawImage(panel, k * panelWidth, 0, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@code image} as PNG, atomically (temporary sibling, fsync, rename). */
    static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(file + ": no PNG writer available in this JDK");
            }
        });
    }

    static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; plots need finite values");
        }
    }
}
