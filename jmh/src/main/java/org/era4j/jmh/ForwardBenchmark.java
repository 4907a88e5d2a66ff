package org.era4j.jmh;

import java.util.concurrent.TimeUnit;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.HornerRationalVector;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.ReferenceEraBackend;
import org.era4j.kernel.ScalarEraBackend;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.rational.DenominatorKind;
import org.era4j.rational.EraExpansion;
import org.era4j.rational.EraSpec;
import org.era4j.rational.RationalFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ERA forward {@code y = sigma(x)}, n = 1 and n = 2, float32, against same-run baselines.
 *
 * <p>Sizes: 4 Ki (x and y in L1), 64 Ki (L2), 1 Mi (L3), 16 Mi (DRAM) elements and 1,000,003
 * (not a multiple of any lane count). Methods named {@code baseline*} do not depend on n; the
 * ERA methods carry n in their name so the baselines run once per size.
 *
 * <p>Backends: float32 scalar, Vector API on the calling thread, Vector API through
 * {@link EraExecutor} with layer sharing and one thread per core. OpenCL / TornadoVM: see the
 * marked place below. Setup checks every variant against the float64 reference before timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ForwardBenchmark {

    @Param({"4096", "65536", "1048576", "16777216", "1000003"})
    public int size;

    private final EraSpec spec1 = BenchData.spec(1);
    private final EraSpec spec2 = BenchData.spec(2);
    private final float[] p1 = BenchData.parameters(1);
    private final float[] p2 = BenchData.parameters(2);
    /** The n = 2 set expanded to P/Q coefficients (degree 5 over 4): the one-division Horner form. */
    private final RationalFunction horner2 = EraExpansion.expand(spec2, p2, 0);
    private final float[] horner2Coefficients = toFloat(horner2.coefficients());
    private float[] x;
    private float[] y;
    private EraExecutor executor;
    private ParallelRange parallel;

    @Setup(Level.Trial)
    public void setUp() {
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        y = new float[size];
        int cores = Runtime.getRuntime().availableProcessors();
        executor = new EraExecutor(VectorEraBackend.INSTANCE, cores);
        parallel = new ParallelRange(cores);
        checkAgreement();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        parallel.close();
    }

    /** Every ERA variant within 1e-5 (relative to 1 + |y|) of the float64 reference. */
    private void checkAgreement() {
        float[] expected = new float[size];
        for (int n = 1; n <= 2; n++) {
            EraSpec spec = n == 1 ? spec1 : spec2;
            float[] p = n == 1 ? p1 : p2;
            ReferenceEraBackend.INSTANCE.forward(spec, p, 0, x, 0, expected, 0, size);
            ScalarEraBackend.INSTANCE.forward(spec, p, 0, x, 0, y, 0, size);
            BenchData.assertClose("scalar n=" + n, y, expected, size, 1e-5);
            VectorEraBackend.INSTANCE.forward(spec, p, 0, x, 0, y, 0, size);
            BenchData.assertClose("vector n=" + n, y, expected, size, 1e-5);
            executor.forward(spec, ParameterSharing.layer(), p, 0, x, 0, y, 0, size, size);
            BenchData.assertClose("executor n=" + n, y, expected, size, 1e-5);
            if (n == 1) {
                UnrolledEraLoops.forwardOneUnrolled(p, spec.eps(), x, y, size);
                BenchData.assertClose("unrolled n=1", y, expected, size, 1e-5);
            }
            if (n == 2) {
                ObviousEraLoops.forwardTwo(p, spec.eps(), x, y, size);
                BenchData.assertClose("obvious n=2", y, expected, size, 1e-5);
                n2Horner();
                // Horner on expanded coefficients loses accuracy to cancellation (docs/kernels.md);
                // the check is looser but still catches a wrong form.
                BenchData.assertClose("Horner n=2", y, expected, size, 1e-3);
            }
        }
        float[] copy = new float[size];
        Baselines.copy(x, copy, 0, size);
        BenchData.assertClose("vector copy", copy, x, size, 0);
    }

    // ------------------------------------------------------------ baselines (independent of n)

    @Benchmark
    public float[] baselineArraycopy() {
        System.arraycopy(x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] baselineCopyVector() {
        Baselines.copy(x, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] baselineCopyVectorAllThreads() {
        parallel.run(size, (from, to) -> Baselines.copy(x, y, from, to));
        return y;
    }

    @Benchmark
    public float[] baselineRelu() {
        Baselines.relu(x, y, size);
        return y;
    }

    @Benchmark
    public float[] baselineSwishMathExp() {
        Baselines.swishMathExp(x, y, size);
        return y;
    }

    @Benchmark
    public float[] baselineSwishVectorExp() {
        Baselines.swishVector(x, y, size);
        return y;
    }

    // ------------------------------------------------------------ n = 1 (one division per element in every form)

    @Benchmark
    public float[] n1Scalar() {
        ScalarEraBackend.INSTANCE.forward(spec1, p1, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] n1Vector() {
        VectorEraBackend.INSTANCE.forward(spec1, p1, 0, x, 0, y, 0, size);
        return y;
    }

    /** Experiment: the n = 1 loop unrolled by two (two divisions in flight). */
    @Benchmark
    public float[] n1VectorUnrolled() {
        UnrolledEraLoops.forwardOneUnrolled(p1, spec1.eps(), x, y, size);
        return y;
    }

    @Benchmark
    public float[] n1VectorAllThreads() {
        executor.forward(spec1, ParameterSharing.layer(), p1, 0, x, 0, y, 0, size, size);
        return y;
    }

    // ------------------------------------------------------------ n = 2

    @Benchmark
    public float[] n2Scalar() {
        ScalarEraBackend.INSTANCE.forward(spec2, p2, 0, x, 0, y, 0, size);
        return y;
    }

    /** Two divisions per element: the loop as one would first write it. */
    @Benchmark
    public float[] n2ObviousTwoDivisions() {
        ObviousEraLoops.forwardTwo(p2, spec2.eps(), x, y, size);
        return y;
    }

    /** The same n = 2 function as P(x)/Q(x) in coefficients, Horner with FMA, one division. */
    @Benchmark
    public float[] n2Horner() {
        HornerRationalVector.forward(DenominatorKind.PLAIN, horner2Coefficients, 0, horner2.numeratorDegree() + 1,
                horner2.denominatorDegree() + 1, x, 0, y, 0, size);
        return y;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The kernel's pair form: one division per element. */
    @Benchmark
    public float[] n2Vector() {
        VectorEraBackend.INSTANCE.forward(spec2, p2, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] n2VectorAllThreads() {
        executor.forward(spec2, ParameterSharing.layer(), p2, 0, x, 0, y, 0, size, size);
        return y;
    }

    // ------------------------------------------------------------ OpenCL / TornadoVM
    // PLACE FOR THE DEVICE BACKENDS (branch `opencl`, later tornado/): add n1OpenCl / n2OpenCl
    // methods calling the OpenCL EraBackend on device-resident buffers (and a device copy
    // baseline of the same size), plus their line in checkAgreement(). Not written here because
    // that backend is not in main yet.
}
