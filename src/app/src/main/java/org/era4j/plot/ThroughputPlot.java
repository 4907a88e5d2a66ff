package org.era4j.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Benchmark chart: throughput (Gelem/s) against problem size on a logarithmic x axis, one line per backend. */
public final class ThroughputPlot {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 520;

    private ThroughputPlot() {
    }

    /**
     * @param series 1 to 7 backends with distinct names
     * @throws IllegalArgumentException for no series, too many, or repeated names
     */
    public static BufferedImage render(String title, List<ThroughputSeries> series) {
        Charts.init();
        Objects.requireNonNull(title, "title");
        if (series.isEmpty() || series.size() > Charts.COLOURS.length) {
            throw new IllegalArgumentException("a throughput plot takes 1 to " + Charts.COLOURS.length
                    + " backends, got " + series.size());
        }
        Set<String> names = new HashSet<>();
        XYChart chart = Charts.chart(WIDTH, HEIGHT, title, "size (elements)", "throughput (Gelem/s)");
        chart.getStyler().setXAxisLogarithmic(true);
        for (int k = 0; k < series.size(); k++) {
            ThroughputSeries t = series.get(k);
            if (!names.add(t.backend())) {
                throw new IllegalArgumentException("backend " + t.backend() + " appears twice");
            }
            XYSeries s = chart.addSeries(t.backend(), t.sizes(), t.gelemPerSecond());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(Charts.COLOURS[k]);
            s.setMarkerColor(Charts.COLOURS[k]);
            s.setLineStyle(Charts.SOLID);
        }
        chart.getStyler().setYAxisMin(0.0);
        return Charts.sideBySide(List.of(chart), WIDTH, HEIGHT);
    }

    /** {@link #render} written as a PNG file, atomically. */
    public static void write(Path file, String title, List<ThroughputSeries> series) throws IOException {
        Charts.writePng(render(title, series), file);
    }
}
