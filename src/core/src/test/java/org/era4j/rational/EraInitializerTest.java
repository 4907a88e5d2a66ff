package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EraInitializerTest {

    @Test
    void cacheCoversTheCommonTargetsForDefaultEps() {
        Set<String> keys = new HashSet<>();
        for (EraFit fit : FitCache.bundled().all()) {
            keys.add(fit.target().name() + "/" + fit.spec().fractions());
            assertEquals(EraSpec.DEFAULT_EPS, fit.spec().eps());
            assertEquals(EraInitializer.fittedProblem(fit.target(), fit.spec()), fit.problem());
        }
        for (String name : FitCache.TARGETS) {
            for (int n = 1; n <= FitCache.MAX_CACHED_FRACTIONS; n++) {
                assertTrue(keys.contains(ActivationTarget.parse(name).name() + "/" + n), name + " n=" + n);
            }
        }
    }

    @Test
    void cachedErrorsAreTheErrorsOfTheCachedParametersAndRespectTheBound() {
        for (EraFit fit : FitCache.bundled().all()) {
            FitErrors again = FitErrors.measure(fit.target(), fit.spec(), fit.params(), -3, 3,
                    FitErrors.CHECK_POINTS);
            assertEquals(again.maxAbs(), fit.maxAbsError(), 0, fit.toString());
            assertEquals(again.rms(), fit.rmsError(), 0, fit.toString());
            assertTrue(fit.maxAbsParameter() <= EraInitializer.FITTED_MAX_PARAMETER, fit.toString());
        }
    }

    @Test
    void cachedFitsReachTheBoundedAccuracy() {
        // Bounded fits (|p| <= 100), measured: swish 6.21e-3 / 2.06e-5, relu 1.24e-1 / 3.39e-2.
        EraFit swish2 = EraInitializer.fit(ActivationTarget.swish(), EraSpec.of(2));
        assertTrue(swish2.maxAbsError() < 3e-5, swish2.toString());
        EraFit relu2 = EraInitializer.fit(ActivationTarget.relu(), EraSpec.of(2));
        assertTrue(relu2.maxAbsError() < 3.6e-2, relu2.toString());
    }

    @Test
    void otherEpsIsNotInTheTableAndTheErrorSaysHowToFitIt() {
        EraSpec spec = new EraSpec(1, 1e-2f);
        assertTrue(EraInitializer.bundledFit(ActivationTarget.swish(), spec).isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EraInitializer.fitted(ActivationTarget.swish(), spec));
        assertTrue(e.getMessage().contains("EraFitter.fitted"), e.getMessage());
    }

    @Property(tries = 100)
    void randomIsSeededAndWithinTheGlorotLimits(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll long seed) {
        EraSpec spec = EraSpec.of(n);
        float[] p = EraInitializer.random(spec, seed);
        assertArrayEquals(p, EraInitializer.random(spec, seed));
        assertFalse(Arrays.equals(p, EraInitializer.random(spec, seed + 1)));
        double numeratorLimit = Math.sqrt(6.0 / (2 * (2 * n + 2)));
        double denominatorLimit = Math.sqrt(6.0 / (2 * (2 * n)));
        double[] numerator = EraLayout.referenceNumerator(spec, p, 0);
        double[] denominator = EraLayout.referenceDenominator(spec, p, 0);
        for (double w : numerator) {
            assertTrue(Math.abs(w) <= (float) numeratorLimit, "numerator " + w + " limit " + numeratorLimit);
        }
        for (double w : denominator) {
            assertTrue(Math.abs(w) <= (float) denominatorLimit, "denominator " + w + " limit " + denominatorLimit);
        }
    }

    @Test
    void randomDrawsFillTheGlorotRange() {
        // 1000 draws of the n=1 numerator (limit sqrt(6/8) = 0.866): uniform, so the extremes come
        // close to the limit and the mean is near 0.
        double limit = EraInitializer.glorotLimit(4);
        assertEquals(Math.sqrt(0.75), limit, 1e-15);
        double max = 0;
        double sum = 0;
        int count = 0;
        for (long seed = 0; seed < 250; seed++) {
            for (double w : EraLayout.referenceNumerator(EraSpec.of(1), EraInitializer.random(EraSpec.of(1), seed), 0)) {
                max = Math.max(max, Math.abs(w));
                sum += w;
                count++;
            }
        }
        assertTrue(max > 0.98 * limit && max <= limit, "max " + max);
        assertEquals(0, sum / count, 0.05);
    }
}
