/**
 * era4j application: the {@code era} command line (training on Fashion-MNIST, experiments, plots,
 * fitting, verification, benchmarks) with its data readers. Not a library: nothing is exported.
 */
module org.era4j.app {
    requires org.era4j.core;
    requires org.era4j.fit;
    requires org.era4j.opencl;
    requires org.era4j.nn;
    requires org.era4j.onnx;
    requires info.picocli;
    requires com.google.gson;
    requires org.knowm.xchart;
    requires java.desktop;
    requires java.management;
    requires static jdk.incubator.vector;

    uses org.era4j.kernel.EraBackendProvider;

    // picocli and Gson reflect on the commands and the JSON records
    opens org.era4j.cli to info.picocli;
    opens org.era4j.train to com.google.gson;
    opens org.era4j.bench to com.google.gson;
}
