package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraSpec;
import org.era4j.rational.FitErrors;
import org.junit.jupiter.api.Test;

class FitCommandTest {

    /** Exit code, stdout, stderr of one CLI run. */
    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = EraCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonOutputParsesAndItsErrorsAreThoseOfItsParameters() {
        Run r = run("fit", "--target", "relu", "--degree", "2", "--interval=-2,2", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = (Map<String, Object>) new com.google.gson.Gson().fromJson(r.out(), Object.class);
        assertEquals(List.of("target", "degree", "eps", "interval", "maxParam", "params", "maxAbsError", "rmsError"),
                List.copyOf(json.keySet()));
        assertEquals("relu", json.get("target"));
        assertEquals(2.0, json.get("degree"));
        assertEquals(EraSpec.DEFAULT_EPS, (float) (double) (Double) json.get("eps"));
        assertEquals(List.of(-2.0, 2.0), json.get("interval"));
        assertNull(json.get("maxParam"));
        List<Object> params = (List<Object>) json.get("params");
        assertEquals(6, params.size());
        float[] p = new float[params.size()];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (double) (Double) params.get(k);
        }
        FitErrors errors = FitErrors.measure(ActivationTarget.relu(), EraSpec.of(1), p, -2, 2, FitErrors.CHECK_POINTS);
        assertEquals(errors.maxAbs(), (Double) json.get("maxAbsError"), 0);
        assertEquals(errors.rms(), (Double) json.get("rmsError"), 0);
        // ReLU n=1 on [-2, 2] is the [-3, 3] fit scaled: max-abs 0.124 * 2/3.
        assertTrue(errors.maxAbs() < 0.09, r.out());
    }

    @Test
    void textOutputListsParametersInLayoutOrder() {
        Run r = run("fit", "--target", "swish", "--degree", "2", "--max-param", "100", "--eps", "0.001");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].contains("swish") && lines[0].contains("|p| <= 100.0"), lines[0]);
        String[] names = {"a", "b", "c1", "d1", "e1", "f1"};
        for (int k = 0; k < names.length; k++) {
            assertTrue(lines[1 + k].matches(names[k] + " += -?[0-9.E-]+"), lines[1 + k]);
            assertTrue(Math.abs(Float.parseFloat(lines[1 + k].split("=")[1].strip())) <= 100);
        }
        assertTrue(lines[7].startsWith("max-abs error: ") && lines[8].startsWith("rms error: "), r.out());
        assertTrue(Double.parseDouble(lines[7].substring("max-abs error: ".length())) < 6.5e-3, r.out());
    }

    @Test
    void badInputExitsWithTwoAndAMessage() {
        assertBad("even", "fit", "--target", "swish", "--degree", "3");
        assertBad("even", "fit", "--target", "swish", "--degree", "18");
        assertBad("even", "fit", "--target", "swish", "--degree", "0");
        assertBad("lower < upper", "fit", "--target", "swish", "--degree", "2", "--interval", "3,-3");
        assertBad("lower < upper", "fit", "--target", "swish", "--degree", "2", "--interval", "NaN,3");
        assertBad("LOWER,UPPER", "fit", "--target", "swish", "--degree", "2", "--interval", "3");
        assertBad("LOWER,UPPER", "fit", "--target", "swish", "--degree", "2", "--interval", "a,b");
        assertBad("valid: relu", "fit", "--target", "mish", "--degree", "2");
        assertBad("eps", "fit", "--target", "swish", "--degree", "2", "--eps", "0");
        assertBad("bound", "fit", "--target", "swish", "--degree", "2", "--max-param", "-1");
    }

    private static void assertBad(String fragment, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.out() + r.err());
        assertTrue(r.err().startsWith("era: ") && r.err().contains(fragment), r.err());
    }

    @Test
    void intervalParsing() {
        double[] i = FitCommand.parseInterval(" -1.5 , 2 ");
        assertEquals(-1.5, i[0]);
        assertEquals(2, i[1]);
        assertThrows(IllegalArgumentException.class, () -> FitCommand.parseInterval("1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> FitCommand.parseInterval(""));
    }
}
