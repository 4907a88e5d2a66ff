/**
 * era4j core: the ERA and rational-function math with cached fits ({@code org.era4j.rational}) and
 * the CPU kernels, executor, parameter sharing and backend registry ({@code org.era4j.kernel}).
 * No dependency but the JDK. {@code jdk.incubator.vector} is optional: without it the scalar
 * kernels run (see {@link org.era4j.kernel.VectorSupport}).
 */
module org.era4j.core {
    requires static jdk.incubator.vector;

    exports org.era4j.rational;
    exports org.era4j.kernel;

    uses org.era4j.kernel.EraBackendProvider;

    provides org.era4j.kernel.EraBackendProvider with
            org.era4j.kernel.provider.SimdBackendProvider,
            org.era4j.kernel.provider.ScalarBackendProvider,
            org.era4j.kernel.provider.ReferenceBackendProvider;
}
