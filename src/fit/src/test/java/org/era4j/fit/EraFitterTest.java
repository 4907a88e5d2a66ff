package org.era4j.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.FitCache;
import org.era4j.rational.EraFit;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.era4j.rational.FitErrors;
import org.era4j.rational.FitProblem;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraLayout;
import org.junit.jupiter.api.Test;

/**
 * Fit quality, bounds and determinism. The error bounds are the errors measured with this fitter
 * (docs/fitting.md, unbounded, [-3, 3], eps = 1e-3, float32 parameters on 100,001 points) with a
 * margin of about 5-80%: they catch a fitter that falls into a worse local minimum, not rounding
 * noise. Measured: swish 6.21e-3 / 1.11e-6, gelu 1.99e-2 / 2.42e-3, relu 1.24e-1 / 3.39e-2
 * (max-abs, n = 1 / n = 2).
 */
class EraFitterTest {

    private static void assertFitWithin(EraFit fit, double maxAbs, double rms) {
        assertTrue(fit.maxAbsError() <= maxAbs, fit + " max-abs above " + maxAbs);
        assertTrue(fit.rmsError() <= rms, fit + " rms above " + rms);
        // The stored errors are those of the float32 parameters, recomputed independently here.
        FitErrors again = FitErrors.measure(fit.target(), fit.spec(), fit.params(), -3, 3, FitErrors.CHECK_POINTS);
        assertEquals(again.maxAbs(), fit.maxAbsError(), 0);
        assertEquals(again.rms(), fit.rmsError(), 0);
    }

    private static List<EraFit> fitOneAndTwo(ActivationTarget target) {
        List<EraFit> fits = EraFitter.fitUpTo(FitProblem.of(target, EraSpec.of(2)));
        assertEquals(2, fits.size());
        assertEquals(1, fits.get(0).spec().fractions());
        assertEquals(2, fits.get(1).spec().fractions());
        return fits;
    }

    @Test
    void swishReachesMeasuredAccuracy() {
        List<EraFit> fits = fitOneAndTwo(ActivationTarget.swish());
        assertFitWithin(fits.get(0), 6.5e-3, 2.1e-3);
        assertFitWithin(fits.get(1), 2e-6, 6e-7);
    }

    @Test
    void geluReachesMeasuredAccuracy() {
        List<EraFit> fits = fitOneAndTwo(ActivationTarget.gelu());
        assertFitWithin(fits.get(0), 2.1e-2, 6.5e-3);
        assertFitWithin(fits.get(1), 3e-3, 1e-3);
    }

    @Test
    void reluReachesMeasuredAccuracy() {
        List<EraFit> fits = fitOneAndTwo(ActivationTarget.relu());
        assertFitWithin(fits.get(0), 0.13, 3.7e-2);
        assertFitWithin(fits.get(1), 3.6e-2, 6e-3);
        assertTrue(fits.get(1).rmsError() <= fits.get(0).rmsError(), "more fractions never fit worse");
    }

    @Test
    void fitIsDeterministic() {
        FitProblem problem = FitProblem.of(ActivationTarget.geluTanh(), EraSpec.of(1));
        EraFit first = EraFitter.fit(problem);
        EraFit second = EraFitter.fit(problem);
        assertArrayEquals(first.params(), second.params());
        assertEquals(first.maxAbsError(), second.maxAbsError(), 0);
        assertEquals(first.rmsError(), second.rmsError(), 0);
    }

    @Test
    void boundHoldsAndAnInactiveBoundChangesNothing() {
        FitProblem free = FitProblem.of(ActivationTarget.swish(), EraSpec.of(1));
        EraFit unbounded = EraFitter.fit(free);
        assertTrue(unbounded.maxAbsParameter() < 100, "swish n=1 needs |p| ~ 52");
        EraFit loose = EraFitter.fit(free.withMaxParameter(100));
        assertTrue(loose.maxAbsParameter() <= 100);
        assertEquals(unbounded.maxAbsError(), loose.maxAbsError(), 0.01 * unbounded.maxAbsError());

        EraFit tight = EraFitter.fit(free.withMaxParameter(20));
        assertTrue(tight.maxAbsParameter() <= 20, tight.toString());
        // The bound costs accuracy (measured 5.3e-2) but the fit still follows swish.
        assertTrue(tight.maxAbsError() > unbounded.maxAbsError() && tight.maxAbsError() < 0.08, tight.toString());
    }

    @Test
    void otherIntervalsAndEpsAreFitted() {
        EraSpec spec = new EraSpec(1, 0.1f);
        FitProblem problem = new FitProblem(ActivationTarget.tanh(), spec, -1, 2, FitProblem.UNBOUNDED);
        EraFit fit = EraFitter.fit(problem);
        assertEquals(spec, fit.spec());
        FitErrors again = FitErrors.measure(ActivationTarget.tanh(), spec, fit.params(), -1, 2, FitErrors.CHECK_POINTS);
        assertEquals(again.maxAbs(), fit.maxAbsError(), 0);
        assertTrue(fit.maxAbsError() < 1e-2, fit.toString());
    }

    @Test
    void badProblemsAreRejected() {
        ActivationTarget t = ActivationTarget.swish();
        EraSpec s = EraSpec.of(1);
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, 3, -3, 100));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, 1, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, Double.NaN, 3, 100));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, -3, Double.POSITIVE_INFINITY, 100));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, -3, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(t, s, -3, 3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FitProblem(null, s, -3, 3, 100));
        assertThrows(IllegalArgumentException.class, () -> FitErrors.measure(t, s, new double[6], -3, 3, 1));
    }
    @Test
    void cachedParametersEqualAFreshFit() {
        for (ActivationTarget target : new ActivationTarget[] {ActivationTarget.swish(), ActivationTarget.relu()}) {
            EraSpec spec = EraSpec.of(1);
            EraFit cached = EraInitializer.bundledFit(target, spec).orElseThrow();
            EraFit fresh = EraFitter.fit(EraInitializer.fittedProblem(target, spec));
            assertArrayEquals(fresh.params(), cached.params(), target.name());
            assertArrayEquals(cached.params(), EraInitializer.fitted(target, spec));
        }
    }

    @Test
    void otherEpsFallsBackToFitting() {
        EraSpec spec = new EraSpec(1, 1e-2f);
        assertTrue(FitCache.bundled().find(EraInitializer.fittedProblem(ActivationTarget.swish(), spec)).isEmpty());
        EraFit fit = EraFitter.fit(EraInitializer.fittedProblem(ActivationTarget.swish(), spec));
        assertArrayEquals(fit.params(), EraFitter.fitted(ActivationTarget.swish(), spec));
        assertEquals(spec, fit.spec());
        assertTrue(fit.maxAbsError() < 1e-2, fit.toString());
    }

}
