package org.era4j.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.kernel.VectorEraBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One core's issue rates for the vector instructions the ERA kernels are made of, measured on
 * registers (no memory traffic): vector division, FMA and addition, each as {@link #CHAINS}
 * independent dependency chains so throughput, not latency, limits them. One "op" is one vector
 * instruction of {@code SPECIES.length()} lanes; the score is nanoseconds per instruction.
 * docs/benchmarks.md turns these into the compute bound of each kernel form.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class PeakBenchmark {

    private static final VectorSpecies<Float> SPECIES = VectorEraBackend.SPECIES;
    private static final int STEPS = 1024;
    private static final int CHAINS = 12;

    public float seed = 1.5f;
    public float factor = 0.999f;

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float vectorDivision() {
        FloatVector c = FloatVector.broadcast(SPECIES, 2.25f);
        FloatVector v0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector v1 = v0.add(0.01f);
        FloatVector v2 = v0.add(0.02f);
        FloatVector v3 = v0.add(0.03f);
        FloatVector v4 = v0.add(0.04f);
        FloatVector v5 = v0.add(0.05f);
        FloatVector v6 = v0.add(0.06f);
        FloatVector v7 = v0.add(0.07f);
        FloatVector v8 = v0.add(0.08f);
        FloatVector v9 = v0.add(0.09f);
        FloatVector v10 = v0.add(0.10f);
        FloatVector v11 = v0.add(0.11f);
        for (int s = 0; s < STEPS; s++) {
            v0 = c.div(v0);
            v1 = c.div(v1);
            v2 = c.div(v2);
            v3 = c.div(v3);
            v4 = c.div(v4);
            v5 = c.div(v5);
            v6 = c.div(v6);
            v7 = c.div(v7);
            v8 = c.div(v8);
            v9 = c.div(v9);
            v10 = c.div(v10);
            v11 = c.div(v11);
        }
        return v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                .reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float vectorFma() {
        FloatVector m = FloatVector.broadcast(SPECIES, factor);
        FloatVector a = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector v0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector v1 = v0.add(0.01f);
        FloatVector v2 = v0.add(0.02f);
        FloatVector v3 = v0.add(0.03f);
        FloatVector v4 = v0.add(0.04f);
        FloatVector v5 = v0.add(0.05f);
        FloatVector v6 = v0.add(0.06f);
        FloatVector v7 = v0.add(0.07f);
        FloatVector v8 = v0.add(0.08f);
        FloatVector v9 = v0.add(0.09f);
        FloatVector v10 = v0.add(0.10f);
        FloatVector v11 = v0.add(0.11f);
        for (int s = 0; s < STEPS; s++) {
            v0 = v0.fma(m, a);
            v1 = v1.fma(m, a);
            v2 = v2.fma(m, a);
            v3 = v3.fma(m, a);
            v4 = v4.fma(m, a);
            v5 = v5.fma(m, a);
            v6 = v6.fma(m, a);
            v7 = v7.fma(m, a);
            v8 = v8.fma(m, a);
            v9 = v9.fma(m, a);
            v10 = v10.fma(m, a);
            v11 = v11.fma(m, a);
        }
        return v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                .reduceLanes(VectorOperators.ADD);
    }

    /**
     * Six FMA chains and six add chains interleaved: shows whether FMA and add instructions issue
     * on separate pipes (then this runs at about twice the rate of {@link #vectorFma} alone).
     */
    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float vectorFmaAddMix() {
        FloatVector m = FloatVector.broadcast(SPECIES, factor);
        FloatVector a = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector v0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector v1 = v0.add(0.01f);
        FloatVector v2 = v0.add(0.02f);
        FloatVector v3 = v0.add(0.03f);
        FloatVector v4 = v0.add(0.04f);
        FloatVector v5 = v0.add(0.05f);
        FloatVector v6 = v0.add(0.06f);
        FloatVector v7 = v0.add(0.07f);
        FloatVector v8 = v0.add(0.08f);
        FloatVector v9 = v0.add(0.09f);
        FloatVector v10 = v0.add(0.10f);
        FloatVector v11 = v0.add(0.11f);
        for (int s = 0; s < STEPS; s++) {
            v0 = v0.fma(m, a);
            v1 = v1.add(a);
            v2 = v2.fma(m, a);
            v3 = v3.add(a);
            v4 = v4.fma(m, a);
            v5 = v5.add(a);
            v6 = v6.fma(m, a);
            v7 = v7.add(a);
            v8 = v8.fma(m, a);
            v9 = v9.add(a);
            v10 = v10.fma(m, a);
            v11 = v11.add(a);
        }
        return v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                .reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float vectorAdd() {
        FloatVector a = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector v0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector v1 = v0.add(0.01f);
        FloatVector v2 = v0.add(0.02f);
        FloatVector v3 = v0.add(0.03f);
        FloatVector v4 = v0.add(0.04f);
        FloatVector v5 = v0.add(0.05f);
        FloatVector v6 = v0.add(0.06f);
        FloatVector v7 = v0.add(0.07f);
        FloatVector v8 = v0.add(0.08f);
        FloatVector v9 = v0.add(0.09f);
        FloatVector v10 = v0.add(0.10f);
        FloatVector v11 = v0.add(0.11f);
        for (int s = 0; s < STEPS; s++) {
            v0 = v0.add(a);
            v1 = v1.add(a);
            v2 = v2.add(a);
            v3 = v3.add(a);
            v4 = v4.add(a);
            v5 = v5.add(a);
            v6 = v6.add(a);
            v7 = v7.add(a);
            v8 = v8.add(a);
            v9 = v9.add(a);
            v10 = v10.add(a);
            v11 = v11.add(a);
        }
        return v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                .reduceLanes(VectorOperators.ADD);
    }
}
