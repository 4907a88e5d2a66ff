/**
 * era4j OpenCL: ERA kernels on any OpenCL device through {@code java.lang.foreign} (no native code
 * shipped, no dependency). Registered as the {@code opencl} backend of
 * {@link org.era4j.kernel.EraBackends}; needs {@code --enable-native-access=org.era4j.opencl} (module
 * path) or {@code =ALL-UNNAMED} (class path).
 */
module org.era4j.opencl {
    requires transitive org.era4j.core;

    exports org.era4j.gpu;

    provides org.era4j.kernel.EraBackendProvider with org.era4j.gpu.OpenClBackendProvider;
}
