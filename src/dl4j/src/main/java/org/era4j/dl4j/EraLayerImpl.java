package org.era4j.dl4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackends;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime ERA layer that {@link EraLayer} instantiates. Float activations go through an era4j
 * {@link EraBackend}'s {@link MemorySegment} methods on ND4J's own buffers (a segment over the
 * buffer's native address), so a contiguous array is neither copied in nor out: the output is
 * allocated by DL4J's workspace manager and written by the kernel in place. An array is copied
 * ({@link #activationCopies() counted}) only when it must be: a strided view, an order the runs of
 * one parameter set are not contiguous in (per-channel dense activations need 'f' order, per-channel
 * images 'c'), a gradient whose order differs from the input's, or another data type than the
 * network's. Double networks are computed in float64 by {@link EraReference}.
 */
public class EraLayerImpl extends BaseLayer<EraLayer> {

    private static final AtomicLong COPIES = new AtomicLong();

    private transient EraBackend backend;
    /** The parameters as floats for the current call (reused: a layer serves one call at a time). */
    private transient float[] floatParams;
    private transient float[] floatGradient;

    public EraLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Activation arrays copied by all ERA layers of this JVM because they were not usable in place. */
    public static long activationCopies() {
        return COPIES.get();
    }

    /** Resets {@link #activationCopies()} (for tests and benchmarks). */
    public static void resetActivationCopies() {
        COPIES.set(0);
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    private EraBackend backend() {
        if (backend == null) {
            String name = layerConf().getBackend();
            backend = name == null ? EraBackends.defaultBackend() : EraBackends.open(name);
        }
        return backend;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        Runs runs = runs(input);
        INDArray x = prepare(castIfNeeded(input, workspaceMgr, ArrayType.FF_WORKING_MEM), runs.order,
                workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), x.ordering());
        EraSpec spec = layerConf().spec();
        INDArray param = getParam(EraParamInitializer.PARAM_KEY);
        if (dataType == DataType.FLOAT) {
            float[] p = floatParams(param);
            MemorySegment xs = segment(x);
            MemorySegment ys = segment(y);
            EraBackend b = backend();
            runs.forEach((set, offset, length) ->
                    b.forward(spec, p, set * spec.parameterCount(), xs, offset, ys, offset, length));
        } else if (dataType == DataType.DOUBLE) {
            double[] p = param.dup('c').data().asDouble();
            MemorySegment xs = segment(x);
            MemorySegment ys = segment(y);
            runs.forEach((set, offset, length) -> {
                int po = set * spec.parameterCount();
                for (long i = offset; i < offset + length; i++) {
                    double v = xs.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    ys.setAtIndex(ValueLayout.JAVA_DOUBLE, i, EraReference.value(spec, p, po, v));
                }
            });
        } else {
            throw new IllegalStateException(unsupported());
        }
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (epsilon == null || !java.util.Arrays.equals(epsilon.shape(), input.shape())) {
            throw new IllegalArgumentException("ERA layer '" + layerConf().getLayerName() + "': gradient shape "
                    + (epsilon == null ? "null" : java.util.Arrays.toString(epsilon.shape()))
                    + " differs from input shape " + java.util.Arrays.toString(input.shape()));
        }
        Runs runs = runs(input);
        INDArray x = prepare(castIfNeeded(input, workspaceMgr, ArrayType.BP_WORKING_MEM), runs.order,
                workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray dy = prepare(castIfNeeded(epsilon, workspaceMgr, ArrayType.BP_WORKING_MEM), x.ordering(),
                workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), x.ordering());
        EraSpec spec = layerConf().spec();
        int pc = spec.parameterCount();
        INDArray param = getParam(EraParamInitializer.PARAM_KEY);
        INDArray gradView = gradientViews.get(EraParamInitializer.PARAM_KEY);
        MemorySegment xs = segment(x);
        MemorySegment dys = segment(dy);
        MemorySegment dxs = segment(dx);
        if (dataType == DataType.FLOAT) {
            float[] p = floatParams(param);
            if (floatGradient == null || floatGradient.length != p.length) {
                floatGradient = new float[p.length];
            }
            float[] dp = floatGradient;
            java.util.Arrays.fill(dp, 0f);
            EraBackend b = backend();
            runs.forEach((set, offset, length) -> b.backward(spec, p, set * pc, xs, offset, dys, offset,
                    dxs, offset, dp, set * pc, length));
            if (gradView.dataType() == DataType.FLOAT && contiguous(gradView, 'c')) {
                MemorySegment.copy(dp, 0, segment(gradView), ValueLayout.JAVA_FLOAT, 0, dp.length);
            } else {
                gradView.assign(Nd4j.createFromArray(dp).reshape('c', gradView.shape()).castTo(gradView.dataType()));
            }
        } else if (dataType == DataType.DOUBLE) {
            double[] p = param.dup('c').data().asDouble();
            double[] dp = new double[p.length];
            double[] g = new double[pc];
            runs.forEach((set, offset, length) -> {
                int po = set * pc;
                for (long i = offset; i < offset + length; i++) {
                    double v = xs.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    double e = dys.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    EraReference.parameterGradient(spec, p, po, v, g, 0);
                    for (int k = 0; k < pc; k++) {
                        dp[po + k] += e * g[k];
                    }
                    dxs.setAtIndex(ValueLayout.JAVA_DOUBLE, i, e * EraReference.derivative(spec, p, po, v));
                }
            });
            gradView.assign(Nd4j.createFromArray(dp).reshape('c', gradView.shape()));
        } else {
            throw new IllegalStateException(unsupported());
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(EraParamInitializer.PARAM_KEY, gradView);
        INDArray out = backpropDropOutIfPresent(dx);
        return new Pair<>(gradient, out);
    }

    /**
     * The parameters as floats, read straight from ND4J's buffer when they are a contiguous float
     * array (the usual case: a view of the network's flat parameter vector), else through ND4J's
     * cast and copy. The ND4J ops of the fallback cost about 20-30 us a call, which at 2^20 elements
     * was a tenth of the kernel's time.
     */
    private float[] floatParams(INDArray param) {
        int n = (int) param.length();
        if (floatParams == null || floatParams.length != n) {
            floatParams = new float[n];
        }
        if (param.dataType() == DataType.FLOAT && contiguous(param, 'c')) {
            MemorySegment.copy(segment(param), ValueLayout.JAVA_FLOAT, 0, floatParams, 0, n);
        } else {
            System.arraycopy(param.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, floatParams, 0, n);
        }
        return floatParams;
    }

    private String unsupported() {
        return "ERA layer '" + layerConf().getLayerName() + "' supports FLOAT and DOUBLE networks, got " + dataType;
    }

    private INDArray castIfNeeded(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        if (a.dataType() == dataType) {
            return a;
        }
        COPIES.incrementAndGet();
        return mgr.castTo(type, dataType, a, true);
    }

    /** {@code a} if its elements are contiguous in {@code order} (0: either order), else a counted copy. */
    private static INDArray prepare(INDArray a, char order, LayerWorkspaceMgr mgr, ArrayType type) {
        if (order == 0 ? contiguous(a, a.ordering()) : contiguous(a, order)) {
            return a;
        }
        COPIES.incrementAndGet();
        return mgr.dup(type, a, order == 0 ? 'c' : order);
    }

    /** True when the strides are the dense strides of the shape in {@code order} (size-1 dims ignored). */
    static boolean contiguous(INDArray a, char order) {
        if (a.isEmpty()) {
            return true;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int k = 0; k < shape.length; k++) {
            int dim = order == 'c' ? shape.length - 1 - k : k;
            if (shape[dim] != 1 && stride[dim] != expected) {
                return false;
            }
            expected *= shape[dim];
        }
        return true;
    }

    /** A segment over the array's elements in ND4J's native buffer: no copy. */
    static MemorySegment segment(INDArray a) {
        long element = a.dataType().width();
        long address = a.data().address() + a.offset() * element;
        return MemorySegment.ofAddress(address).reinterpret(a.length() * element);
    }

    @FunctionalInterface
    private interface RunAction {
        void run(int set, long offset, long length);
    }

    /** The contiguous runs of elements that share one parameter set, and the order they need. */
    private record Runs(char order, long outer, long sets, long inner) {
        void forEach(RunAction action) {
            for (long o = 0; o < outer; o++) {
                for (long s = 0; s < sets; s++) {
                    action.run((int) s, (o * sets + s) * inner, inner);
                }
            }
        }
    }

    private Runs runs(INDArray in) {
        EraLayer conf = layerConf();
        if (!conf.isPerChannel()) {
            return new Runs((char) 0, 1, 1, in.length());
        }
        long channels = conf.sets();
        if (in.rank() < 2 || in.size(1) != channels) {
            throw new IllegalArgumentException("ERA layer '" + conf.getLayerName() + "' has " + channels
                    + " per-channel parameter sets but got input of shape "
                    + java.util.Arrays.toString(in.shape()) + " (channels are dimension 1)");
        }
        if (in.rank() == 2) {
            // [N, C]: column c is contiguous in 'f' order.
            return new Runs('f', 1, channels, in.size(0));
        }
        long inner = in.length() / (in.size(0) * channels);
        return new Runs('c', in.size(0), channels, inner);
    }
}
