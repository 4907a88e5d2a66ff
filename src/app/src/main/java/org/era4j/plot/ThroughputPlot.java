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
        return render(title, series, false);
    }

    /**
     * As {@link #render(String, List)}, with a logarithmic throughput axis when {@code logThroughput}
     * (rates of a CPU and a device can differ a hundredfold); baseline series are drawn dashed in
     * the colour of the kernel series before them, and only kernel series use up colours.
     */
    public static BufferedImage render(String title, List<ThroughputSeries> series, boolean logThroughput) {
        Charts.init();
        Objects.requireNonNull(title, "title");
        long kernels = series.stream().filter(s -> !s.baseline()).count();
        if (series.isEmpty() || kernels > Charts.COLOURS.length) {
            throw new IllegalArgumentException("a throughput plot takes 1 to " + Charts.COLOURS.length
                    + " backends, got " + kernels);
        }
        Set<String> names = new HashSet<>();
        XYChart chart = Charts.chart(WIDTH, HEIGHT, title, "size (elements)", "throughput (Gelem/s)");
        chart.getStyler().setXAxisLogarithmic(true);
        int colour = -1;
        for (ThroughputSeries t : series) {
            if (!names.add(t.backend())) {
                throw new IllegalArgumentException("backend " + t.backend() + " appears twice");
            }
            if (!t.baseline() || colour < 0) {
                colour++;
            }
            XYSeries s = chart.addSeries(t.backend(), t.sizes(), t.gelemPerSecond());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(t.baseline() ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            s.setLineColor(Charts.COLOURS[colour]);
            s.setMarkerColor(Charts.COLOURS[colour]);
            s.setLineStyle(t.baseline() ? Charts.DASHED : Charts.SOLID);
        }
        if (logThroughput) {
            chart.getStyler().setYAxisLogarithmic(true);
        } else {
            chart.getStyler().setYAxisMin(0.0);
        }
        return Charts.sideBySide(List.of(chart), WIDTH, HEIGHT);
    }

    /** {@link #render(String, List)} written as a PNG file, atomically. */
    public static void write(Path file, String title, List<ThroughputSeries> series) throws IOException {
        Charts.writePng(render(title, series), file);
    }

    /** {@link #render(String, List, boolean)} written as a PNG file, atomically. */
    public static void write(Path file, String title, List<ThroughputSeries> series, boolean logThroughput) throws IOException {
        Charts.writePng(render(title, series, logThroughput), file);
    }
}
