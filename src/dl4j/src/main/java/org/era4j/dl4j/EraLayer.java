package org.era4j.dl4j;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of an ERA activation layer for Deeplearning4j's {@code MultiLayerNetwork} and
 * {@code ComputationGraph}: {@code sigma(x) = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps)}
 * applied element-wise, with one learnable parameter set for the layer or one per channel
 * (dimension 1 of the activations: features of dense layers, channels of NCHW images, the size
 * dimension of NCW sequences). Parameters are initialised from era4j's fits of Swish, GELU, ReLU
 * (or any {@link ActivationTarget} name) or Glorot-uniform at random.
 *
 * <p>The parameter {@value EraParamInitializer#PARAM_KEY} has shape {@code [sets, 4n+2]}, each row
 * one set in era4j's layout {@code [a, b, c1, d1, e1, f1, ...]}. Float networks run era4j's kernels
 * (the default backend, or {@link #getBackend() a named one}) on ND4J's memory; double networks run
 * the float64 reference ({@link org.era4j.rational.EraReference}).
 *
 * <p>Bean-style getters and setters and the no-argument constructor are for DL4J's JSON
 * (Jackson) round trip; build instances with {@link #builder()}.
 */
public class EraLayer extends BaseLayer {

    /** Initialisation named "random": Glorot-uniform as in {@link EraInitializer#random}. */
    public static final String RANDOM = "random";

    private int fractions = 2;
    private float eps = EraSpec.DEFAULT_EPS;
    private boolean perChannel;
    private long channels;
    private String init = "swish";
    private long seed = 42;
    private String backend;

    /** For JSON; use {@link #builder()}. */
    public EraLayer() {
    }

    private EraLayer(Builder builder) {
        super(builder);
        this.fractions = builder.fractions;
        this.eps = builder.eps;
        this.perChannel = builder.perChannel;
        this.channels = builder.channels;
        this.init = builder.init;
        this.seed = builder.seed;
        this.backend = builder.backend;
        spec();
        checkInit(init);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The ERA's spec: {@link #getFractions()} fractions and {@link #getEps()}. */
    public EraSpec spec() {
        return new EraSpec(fractions, eps);
    }

    /** Number of parameter sets: 1, or the channels for per-channel parameters. */
    public long sets() {
        if (!perChannel) {
            return 1;
        }
        if (channels <= 0) {
            throw new IllegalStateException("ERA layer '" + getLayerName() + "' has per-channel parameters but no"
                    + " channel count: give channels(...) or let DL4J infer it with setInputType(...)");
        }
        return channels;
    }

    /** The initial parameter sets, {@code sets * parameterCount} floats in era4j's layout. */
    public float[] initialParameters() {
        EraSpec spec = spec();
        int p = spec.parameterCount();
        long sets = sets();
        if (sets * p > Integer.MAX_VALUE) {
            throw new IllegalStateException("too many ERA parameter sets: " + sets);
        }
        float[] out = new float[(int) (sets * p)];
        if (RANDOM.equalsIgnoreCase(init)) {
            for (int s = 0; s < sets; s++) {
                System.arraycopy(EraInitializer.random(spec, seed + s), 0, out, s * p, p);
            }
        } else {
            float[] set = EraInitializer.fitted(ActivationTarget.parse(init), spec);
            for (int s = 0; s < sets; s++) {
                System.arraycopy(set, 0, out, s * p, p);
            }
        }
        return out;
    }

    private static void checkInit(String init) {
        if (init == null) {
            throw new IllegalArgumentException("ERA init must be '" + RANDOM + "' or one of "
                    + ActivationTarget.VALID_NAMES + ", got null");
        }
        if (!RANDOM.equalsIgnoreCase(init)) {
            ActivationTarget.parse(init);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        EraLayerImpl layer = new EraLayerImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return EraParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException("ERA layer '" + getLayerName() + "' (index " + layerIndex
                    + "): input type is null");
        }
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!perChannel || (channels > 0 && !override)) {
            return;
        }
        switch (inputType.getType()) {
            case FF -> channels = ((InputType.InputTypeFeedForward) inputType).getSize();
            case CNN -> {
                InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) inputType;
                if (cnn.getFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException("ERA layer '" + getLayerName() + "': per-channel parameters"
                            + " need NCHW activations, got " + cnn.getFormat());
                }
                channels = cnn.getChannels();
            }
            case RNN -> {
                InputType.InputTypeRecurrent rnn = (InputType.InputTypeRecurrent) inputType;
                if (rnn.getFormat() != RNNFormat.NCW) {
                    throw new IllegalArgumentException("ERA layer '" + getLayerName() + "': per-channel parameters"
                            + " need NCW sequences, got " + rnn.getFormat());
                }
                channels = rnn.getSize();
            }
            default -> throw new IllegalArgumentException("ERA layer '" + getLayerName()
                    + "': per-channel parameters are supported for FF, CNN (NCHW) and RNN (NCW) inputs, got "
                    + inputType);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        return new LayerMemoryReport.Builder(getLayerName(), EraLayer.class, inputType, out)
                .standardMemory(params, updaterState)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public int getFractions() {
        return fractions;
    }

    public void setFractions(int fractions) {
        this.fractions = fractions;
    }

    public float getEps() {
        return eps;
    }

    public void setEps(float eps) {
        this.eps = eps;
    }

    public boolean isPerChannel() {
        return perChannel;
    }

    public void setPerChannel(boolean perChannel) {
        this.perChannel = perChannel;
    }

    public long getChannels() {
        return channels;
    }

    public void setChannels(long channels) {
        this.channels = channels;
    }

    public String getInit() {
        return init;
    }

    public void setInit(String init) {
        this.init = init;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** The era4j backend name for float networks ({@code null}: {@code EraBackends.defaultBackend()}). */
    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    @Override
    public EraLayer clone() {
        return (EraLayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EraLayer other) || !super.equals(o)) {
            return false;
        }
        return fractions == other.fractions && Float.compare(eps, other.eps) == 0
                && perChannel == other.perChannel && channels == other.channels
                && java.util.Objects.equals(init, other.init) && seed == other.seed
                && java.util.Objects.equals(backend, other.backend);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), fractions, eps, perChannel, channels, init, seed, backend);
    }

    @Override
    public String toString() {
        return "EraLayer(name=" + getLayerName() + ", n=" + fractions + ", eps=" + eps
                + (perChannel ? ", perChannel=" + channels : ", layer") + ", init=" + init
                + (RANDOM.equalsIgnoreCase(init) ? ", seed=" + seed : "")
                + (backend == null ? "" : ", backend=" + backend) + ")";
    }

    /** Builder; the updater, regularisation and name come from DL4J's {@code BaseLayer.Builder}. */
    public static final class Builder extends BaseLayer.Builder<Builder> {
        private int fractions = 2;
        private float eps = EraSpec.DEFAULT_EPS;
        private boolean perChannel;
        private long channels;
        private String init = "swish";
        private long seed = 42;
        private String backend;

        /** Number of fractions n (1 to 8); default 2. */
        public Builder fractions(int n) {
            this.fractions = n;
            return this;
        }

        /** The denominator's eps; default {@value EraSpec#DEFAULT_EPS}. */
        public Builder eps(float eps) {
            this.eps = eps;
            return this;
        }

        /** One parameter set for the whole layer (the default). */
        public Builder perLayer() {
            this.perChannel = false;
            return this;
        }

        /** One set per channel; the count is inferred from the input type when not given. */
        public Builder perChannel() {
            this.perChannel = true;
            return this;
        }

        /** One set for each of {@code channels} channels. */
        public Builder perChannel(long channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be >= 1, got " + channels);
            }
            this.perChannel = true;
            this.channels = channels;
            return this;
        }

        /** Initialise from era4j's fit of {@code target}. */
        public Builder init(ActivationTarget target) {
            this.init = target.name();
            return this;
        }

        /** Initialise from a fit by name ({@code swish}, {@code gelu}, {@code relu}, ...) or {@code random}. */
        public Builder init(String name) {
            checkInit(name);
            this.init = name;
            return this;
        }

        /** Glorot-uniform initialisation with this seed (set {@code s} uses {@code seed + s}). */
        public Builder random(long seed) {
            this.init = RANDOM;
            this.seed = seed;
            return this;
        }

        /** An era4j backend by registry name, e.g. {@code simd}, {@code scalar}, {@code reference}. */
        public Builder backend(String backend) {
            this.backend = backend;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public EraLayer build() {
            return new EraLayer(this);
        }
    }
}
