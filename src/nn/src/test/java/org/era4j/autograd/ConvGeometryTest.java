package org.era4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * im2col against its definition ({@code col[(c, ki, kj)][(oy, ox)] = x[c][oy*s - padTop + ki][ox*s - padLeft + kj]},
 * 0 outside the plane) and col2im as its adjoint ({@code <im2col(x), g> = <x, col2im(g)>}), for
 * the row-aligned fast path (stride 1, same width) and the general one alike.
 */
class ConvGeometryTest {

    @Property(tries = 60)
    void im2colMatchesDefinitionAndCol2imIsItsAdjoint(@ForAll @IntRange(min = 1, max = 3) int channels,
                                                      @ForAll @IntRange(min = 1, max = 9) int height,
                                                      @ForAll @IntRange(min = 1, max = 9) int width,
                                                      @ForAll @IntRange(min = 1, max = 5) int kernel,
                                                      @ForAll @IntRange(min = 1, max = 3) int stride,
                                                      @ForAll boolean same, @ForAll long seed) {
        Padding padding = same ? Padding.SAME : Padding.VALID;
        if (!same && (kernel > height || kernel > width)) {
            return; // a valid window larger than the input is rejected (tested with the layers)
        }
        ConvGeometry geo = new ConvGeometry(new int[] {1, channels, height, width}, kernel, kernel, stride, padding);
        SplittableRandom random = new SplittableRandom(seed);
        int offset = 3;
        float[] x = new float[offset + channels * height * width + 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        int pixels = geo.outPixels();
        float[] col = new float[5 + geo.columnRows() * pixels];
        java.util.Arrays.fill(col, Float.NaN);
        geo.im2col(x, offset, col, 5);
        int row = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kernel; ki++) {
                for (int kj = 0; kj < kernel; kj++, row++) {
                    for (int oy = 0; oy < geo.outHeight; oy++) {
                        for (int ox = 0; ox < geo.outWidth; ox++) {
                            int iy = oy * stride - geo.padTop + ki;
                            int ix = ox * stride - geo.padLeft + kj;
                            float expected = iy >= 0 && iy < height && ix >= 0 && ix < width
                                    ? x[offset + (c * height + iy) * width + ix] : 0f;
                            assertEquals(expected, col[5 + row * pixels + oy * geo.outWidth + ox],
                                    "col at row " + row + " pixel (" + oy + ", " + ox + ")");
                        }
                    }
                }
            }
        }
        float[] g = new float[col.length];
        double colDotG = 0;
        for (int i = 5; i < g.length; i++) {
            g[i] = (float) random.nextDouble(-1, 1);
            colDotG += (double) col[i] * g[i];
        }
        float[] gx = new float[x.length];
        geo.col2im(g, 5, gx, offset);
        double xDotGx = 0;
        for (int i = offset; i < offset + channels * height * width; i++) {
            xDotGx += (double) x[i] * gx[i];
        }
        assertEquals(0f, gx[0] + gx[1] + gx[2] + gx[x.length - 1] + gx[x.length - 2], "col2im wrote outside the sample");
        assertEquals(colDotG, xDotGx, 1e-5 * (1 + Math.abs(colDotG)), "col2im is not the adjoint of im2col");
    }
}
