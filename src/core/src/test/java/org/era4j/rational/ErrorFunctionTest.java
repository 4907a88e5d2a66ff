package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The core's own erfc against 50-digit mpmath values (erfc-golden.csv, made by erfc-golden.py
 * beside it) and against commons-math3's {@code Erf.erfc} (a test-only dependency) on fresh
 * random points.
 */
class ErrorFunctionTest {

    /** Against exact values: the stated accuracy of {@link ErrorFunction}. */
    private static final double GOLDEN_RELATIVE_TOLERANCE = 5e-14;
    /**
     * Against commons-math3, whose regularised-gamma erfc is itself off by up to 1.1e-13 relative
     * for large x (erfc(23.29): 6.487280622113177e-238 against the exact 6.487280622112466e-238).
     */
    private static final double COMMONS_RELATIVE_TOLERANCE = 2e-13;

    @Test
    void matchesFiftyDigitValues() throws IOException {
        int rows = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                ErrorFunctionTest.class.getResourceAsStream("erfc-golden.csv"), StandardCharsets.US_ASCII))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",");
                double x = Double.parseDouble(cells[0]);
                double expected = Double.parseDouble(cells[1]);
                assertEquals(expected, ErrorFunction.erfc(x), GOLDEN_RELATIVE_TOLERANCE * expected, "erfc(" + x + ")");
                rows++;
            }
        }
        assertTrue(rows > 500, "golden rows read: " + rows);
    }

    @Property(tries = 2000)
    void matchesCommonsMathOnTheWholeUsefulRange(@ForAll @DoubleRange(min = -6, max = 27) double x) {
        double expected = Erf.erfc(x);
        assertEquals(expected, ErrorFunction.erfc(x), COMMONS_RELATIVE_TOLERANCE * Math.abs(expected), () -> "erfc(" + x + ")");
    }

    @Test
    void limitsAndNaN() {
        assertEquals(0.0, ErrorFunction.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, ErrorFunction.erfc(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, ErrorFunction.erfc(30));
        assertEquals(2.0, ErrorFunction.erfc(-30));
        assertEquals(1.0, ErrorFunction.erfc(0));
        assertEquals(1.0, ErrorFunction.erfc(-0.0));
        assertTrue(Double.isNaN(ErrorFunction.erfc(Double.NaN)));
    }
}
