/**
 * era4j nn: reverse-mode autograd ({@code org.era4j.autograd}), layers and the paper's networks
 * ({@code org.era4j.nn}), weights as safetensors ({@code org.era4j.nn.io}), optimisers
 * ({@code org.era4j.optim}) and crash-safe file writing ({@code org.era4j.io}), on the core's
 * kernels. Models run in an {@link org.era4j.autograd.ExecutionContext} the caller creates.
 */
module org.era4j.nn {
    requires transitive org.era4j.core;

    exports org.era4j.autograd;
    exports org.era4j.nn;
    exports org.era4j.nn.io;
    exports org.era4j.optim;
    exports org.era4j.io;
}
