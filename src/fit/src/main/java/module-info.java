/**
 * era4j fit: least-squares fits of ERAs to fixed activations ({@link org.era4j.fit.EraFitter}),
 * for targets, degrees or eps the core's bundled table does not cover.
 */
module org.era4j.fit {
    requires transitive org.era4j.core;
    requires commons.math3;

    exports org.era4j.fit;
}
