package org.era4j.dl4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One parameter, {@value #PARAM_KEY}, of shape {@code [sets, 4n+2]} (c order) in era4j's layout. */
public final class EraParamInitializer implements ParamInitializer {

    /** Name of the ERA parameter in DL4J's parameter table ({@code "<layer>_era"} in the flat view). */
    public static final String PARAM_KEY = "era";

    static final EraParamInitializer INSTANCE = new EraParamInitializer();

    private EraParamInitializer() {
    }

    private static EraLayer era(Layer layer) {
        if (!(layer instanceof EraLayer era)) {
            throw new IllegalArgumentException("EraParamInitializer needs an EraLayer, got "
                    + (layer == null ? "null" : layer.getClass().getName()));
        }
        return era;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        EraLayer era = era(layer);
        return era.sets() * era.spec().parameterCount();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(PARAM_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(PARAM_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return PARAM_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        EraLayer era = era(conf.getLayer());
        long expected = numParams(era);
        if (paramsView.length() != expected) {
            throw new IllegalStateException("ERA layer '" + era.getLayerName() + "': parameter view has "
                    + paramsView.length() + " values, expected " + expected);
        }
        INDArray view = paramsView.reshape('c', era.sets(), era.spec().parameterCount());
        if (initializeParams) {
            INDArray initial = Nd4j.createFromArray(era.initialParameters())
                    .reshape('c', era.sets(), era.spec().parameterCount());
            view.assign(initial.castTo(view.dataType()));
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(PARAM_KEY, view);
        conf.addVariable(PARAM_KEY);
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        EraLayer era = era(conf.getLayer());
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(PARAM_KEY, gradientView.reshape('c', era.sets(), era.spec().parameterCount()));
        return out;
    }
}
