package org.era4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Pictures of a loss landscape {@code loss[i][j]} over {@code alphas[i]} x {@code betas[j]}: a
 * contour plot (iso-loss lines by marching squares, levels evenly spaced in log loss) and a heat
 * map with a colour bar. Drawn with Java2D; the colour scale is log loss, clipped at
 * {@code 1000 x} the minimum so that diverged corners do not flatten the basin.
 */
public final class LandscapePlot {

    private static final int SIZE = 640;
    private static final int MARGIN = 70;
    private static final int BAR = 90;

    private LandscapePlot() {
    }

    /** Writes the contour plot. */
    public static void contour(Path file, String title, double[] alphas, double[] betas, double[][] loss, int levels) throws IOException {
        BufferedImage image = new BufferedImage(SIZE + BAR, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        double[][] z = logLoss(loss);
        double[] range = range(z);
        int n = alphas.length;
        int m = betas.length;
        g.setStroke(new BasicStroke(1.4f));
        for (int l = 1; l <= levels; l++) {
            double level = range[0] + (range[1] - range[0]) * l / (levels + 1);
            g.setColor(colour((level - range[0]) / (range[1] - range[0])));
            for (int i = 0; i + 1 < n; i++) {
                for (int j = 0; j + 1 < m; j++) {
                    square(g, alphas, betas, z, i, j, level);
                }
            }
        }
        frame(g, alphas, betas);
        colourBar(g, range);
        finish(g, image, file);
    }

    /** Writes the heat map. */
    public static void heatMap(Path file, String title, double[] alphas, double[] betas, double[][] loss) throws IOException {
        BufferedImage image = new BufferedImage(SIZE + BAR, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        double[][] z = logLoss(loss);
        double[] range = range(z);
        int plot = SIZE - 2 * MARGIN;
        for (int py = 0; py < plot; py++) {
            for (int px = 0; px < plot; px++) {
                // bilinear interpolation of the grid at this pixel
                double u = (double) px / (plot - 1) * (alphas.length - 1);
                double v = (double) (plot - 1 - py) / (plot - 1) * (betas.length - 1);
                int i = Math.min((int) u, alphas.length - 2 < 0 ? 0 : alphas.length - 2);
                int j = Math.min((int) v, betas.length - 2 < 0 ? 0 : betas.length - 2);
                double value;
                if (alphas.length < 2 || betas.length < 2) {
                    value = z[0][0];
                } else {
                    double fu = u - i;
                    double fv = v - j;
                    value = (1 - fu) * (1 - fv) * z[i][j] + fu * (1 - fv) * z[i + 1][j] + (1 - fu) * fv * z[i][j + 1]
                            + fu * fv * z[i + 1][j + 1];
                }
                image.setRGB(MARGIN + px, MARGIN + py, colour((value - range[0]) / Math.max(1e-12, range[1] - range[0])).getRGB());
            }
        }
        frame(g, alphas, betas);
        colourBar(g, range);
        finish(g, image, file);
    }

    private static Graphics2D start(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, 40);
        return g;
    }

    private static void finish(Graphics2D g, BufferedImage image, Path file) throws IOException {
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** log10 of the loss; non-finite or huge values are clipped to 1000x the minimum. */
    static double[][] logLoss(double[][] loss) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                }
            }
        }
        if (!Double.isFinite(min)) {
            min = 1e-6;
        }
        double cap = 1000 * min;
        double[][] z = new double[loss.length][];
        for (int i = 0; i < loss.length; i++) {
            z[i] = new double[loss[i].length];
            for (int j = 0; j < loss[i].length; j++) {
                double v = loss[i][j];
                z[i][j] = Math.log10(Double.isFinite(v) ? Math.min(Math.max(v, min), cap) : cap);
            }
        }
        return z;
    }

    private static double[] range(double[][] z) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo, lo + 1e-9};
    }

    private static double x(double[] alphas, double a) {
        return MARGIN + (a - alphas[0]) / (alphas[alphas.length - 1] - alphas[0]) * (SIZE - 2 * MARGIN);
    }

    private static double y(double[] betas, double b) {
        return SIZE - MARGIN - (b - betas[0]) / (betas[betas.length - 1] - betas[0]) * (SIZE - 2 * MARGIN);
    }

    /** One cell of marching squares: the segments where the bilinear surface crosses {@code level}. */
    private static void square(Graphics2D g, double[] a, double[] b, double[][] z, int i, int j, double level) {
        double[] xs = {a[i], a[i + 1], a[i + 1], a[i]};
        double[] ys = {b[j], b[j], b[j + 1], b[j + 1]};
        double[] vs = {z[i][j], z[i + 1][j], z[i + 1][j + 1], z[i][j + 1]};
        double[] px = new double[4];
        double[] py = new double[4];
        int count = 0;
        for (int e = 0; e < 4; e++) {
            int f = (e + 1) % 4;
            if ((vs[e] < level) != (vs[f] < level)) {
                double t = (level - vs[e]) / (vs[f] - vs[e]);
                px[count] = x(a, xs[e] + t * (xs[f] - xs[e]));
                py[count] = y(b, ys[e] + t * (ys[f] - ys[e]));
                count++;
            }
        }
        for (int k = 0; k + 1 < count; k += 2) {
            g.draw(new Line2D.Double(px[k], py[k], px[k + 1], py[k + 1]));
        }
    }

    private static void frame(Graphics2D g, double[] alphas, double[] betas) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        int plot = SIZE - 2 * MARGIN;
        g.drawRect(MARGIN, MARGIN, plot, plot);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 4; k++) {
            double a = alphas[0] + (alphas[alphas.length - 1] - alphas[0]) * k / 4;
            double b = betas[0] + (betas[betas.length - 1] - betas[0]) * k / 4;
            int px = (int) x(alphas, a);
            int py = (int) y(betas, b);
            g.drawLine(px, SIZE - MARGIN, px, SIZE - MARGIN + 5);
            g.drawString(String.format(Locale.ROOT, "%.2f", a), px - 14, SIZE - MARGIN + 20);
            g.drawLine(MARGIN - 5, py, MARGIN, py);
            g.drawString(String.format(Locale.ROOT, "%.2f", b), MARGIN - 45, py + 4);
        }
        g.drawString("direction 1 (filter-normalised)", SIZE / 2 - 90, SIZE - 25);
        g.rotate(-Math.PI / 2);
        g.drawString("direction 2 (filter-normalised)", -SIZE / 2 - 90, 18);
        g.rotate(Math.PI / 2);
        g.fillOval((int) x(alphas, 0) - 4, (int) y(betas, 0) - 4, 8, 8);
    }

    private static void colourBar(Graphics2D g, double[] range) {
        int x0 = SIZE + 10;
        int top = MARGIN;
        int height = SIZE - 2 * MARGIN;
        for (int k = 0; k < height; k++) {
            g.setColor(colour(1 - (double) k / (height - 1)));
            g.fillRect(x0, top + k, 18, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, top, 18, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) {
            double v = range[1] - (range[1] - range[0]) * k / 4;
            g.drawString(String.format(Locale.ROOT, "%.3g", Math.pow(10, v)), x0 + 22, top + height * k / 4 + 4);
        }
        g.drawString("loss", x0, top - 8);
    }

    /** A perceptually ordered blue-green-yellow ramp (viridis-like), t in [0, 1]. */
    static Color colour(double t) {
        double c = Math.max(0, Math.min(1, Double.isFinite(t) ? t : 1));
        float[][] stops = {{0.267f, 0.005f, 0.329f}, {0.230f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f},
            {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};
        double s = c * (stops.length - 1);
        int k = Math.min((int) s, stops.length - 2);
        double f = s - k;
        return new Color((float) (stops[k][0] + f * (stops[k + 1][0] - stops[k][0])),
                (float) (stops[k][1] + f * (stops[k + 1][1] - stops[k][1])),
                (float) (stops[k][2] + f * (stops[k + 1][2] - stops[k][2])));
    }
}
