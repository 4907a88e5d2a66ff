package org.era4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks on written PNG files shared by the plot tests. */
public final class PngAssertions {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngAssertions() {
    }

    /** The file is a PNG of the given size with more than a background's worth of colours. */
    public static BufferedImage assertPlot(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(file), 8), "PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO reads " + file);
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                nonWhite += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 20, "only " + colours.size() + " colours: blank plot?");
        assertTrue(nonWhite > width * height / 50, "only " + nonWhite + " non-white pixels");
        try (var listing = Files.list(file.getParent())) {
            assertEquals(0, listing.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
                    "no temporary file is left");
        }
        return image;
    }

    /** Number of pixels within a small distance of {@code colour} in the rectangle [x0, x1) x [0, height). */
    static int pixelsNear(BufferedImage image, Color colour, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                        + Math.abs(c.getBlue() - colour.getBlue()) < 30) {
                    n++;
                }
            }
        }
        return n;
    }
}
