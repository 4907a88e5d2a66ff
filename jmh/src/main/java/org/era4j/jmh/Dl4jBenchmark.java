package org.era4j.jmh;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.era4j.dl4j.EraLayer;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.rational.EraSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

/**
 * One layer-wide n = 2 ERA forward on 2^20 floats (1024 x 1024) and 2^24 floats (1024 x 16384),
 * single thread each way it can
 * be run from a DL4J program: {@code EraLayer}'s {@code activate()} (era4j's vector kernel on
 * ND4J's native buffer) with a fresh output array per call (no workspace) and with the output in a
 * reused DL4J workspace (as in training), the same kernel on {@code float[]}, and the
 * same formula written with ND4J ops ({@code mul}, {@code add}, {@code sub}, {@code div} on
 * INDArrays, what a user without era4j would write; ND4J's own threads). Setup checks the three
 * agree (1e-4 relative).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class Dl4jBenchmark {

    @Param({"1048576", "16777216"})
    public int size;

    private final EraSpec spec = BenchData.spec(2);
    private final float[] p = BenchData.parameters(2);
    private float[] x;
    private float[] out;
    private INDArray xNd;
    private Layer layer;
    private LayerWorkspaceMgr workspaces;
    private WorkspaceConfiguration opsWorkspace;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        x = BenchData.uniform(size, 4f, BenchData.SEED);
        out = new float[size];
        int rows = 1024;
        int cols = size / rows;
        xNd = Nd4j.create(x, new long[] {rows, cols}, 'c');
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(EraLayer.builder().fractions(2).init("swish").backend("simd").build())
                .setInputType(InputType.feedForward(cols)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        layer = net.getLayer(0);
        layer.setParam("era", Nd4j.create(p, new long[] {1, p.length}, 'c'));

        WorkspaceConfiguration ws = WorkspaceConfiguration.builder().initialSize(0)
                .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.STRICT).build();
        opsWorkspace = ws;
        workspaces = LayerWorkspaceMgr.builder().defaultWorkspace("ERA_BENCH", ws).build();

        float[] viaArray = floatArray().clone();
        float[] viaWorkspace;
        try (MemoryWorkspace w = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            viaWorkspace = layer.activate(xNd, false, workspaces).data().asFloat();
        }
        BenchData.assertClose("DL4J layer in a workspace vs float[]", viaWorkspace, viaArray, size, 1e-4);
        float[] viaLayer = dl4jLayer().dup().data().asFloat();
        float[] viaOps = nd4jOps().dup().data().asFloat();
        BenchData.assertClose("DL4J layer vs float[]", viaLayer, viaArray, size, 1e-4);
        BenchData.assertClose("ND4J ops vs float[]", viaOps, viaArray, size, 1e-4);
        float[] viaOpsWorkspace;
        try (MemoryWorkspace w = Nd4j.getWorkspaceManager().getAndActivateWorkspace(opsWorkspace, "ERA_OPS")) {
            viaOpsWorkspace = nd4jOps().data().asFloat();
        }
        BenchData.assertClose("ND4J ops in a workspace vs float[]", viaOpsWorkspace, viaArray, size, 1e-4);
    }

    @Benchmark
    public INDArray dl4jLayer() {
        return layer.activate(xNd, false, LayerWorkspaceMgr.noWorkspaces());
    }

    /** As DL4J runs it in training: the output in a workspace that is reused from call to call. */
    @Benchmark
    public float dl4jLayerWorkspace() {
        try (MemoryWorkspace w = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            return layer.activate(xNd, false, workspaces).getFloat(size - 1);
        }
    }

    @Benchmark
    public float[] floatArray() {
        VectorEraBackend.INSTANCE.forward(spec, p, 0, x, 0, out, 0, size);
        return out;
    }

    @Benchmark
    public INDArray nd4jOps() {
        INDArray y = xNd.mul(p[0]).addi(p[1]);
        for (int i = 0; i < spec.fractions(); i++) {
            float c = p[2 + 4 * i];
            float d = p[3 + 4 * i];
            float e = p[4 + 4 * i];
            float f = p[5 + 4 * i];
            INDArray t = xNd.sub(e);
            INDArray q = t.muli(t).addi(f * f + spec.eps());
            y.addi(xNd.mul(c).addi(d).divi(q));
        }
        return y;
    }

    /** The ND4J ops with their temporaries in a reused workspace (no allocation per call). */
    @Benchmark
    public float nd4jOpsWorkspace() {
        try (MemoryWorkspace w = Nd4j.getWorkspaceManager().getAndActivateWorkspace(opsWorkspace, "ERA_OPS")) {
            return nd4jOps().getFloat(size - 1);
        }
    }
}
