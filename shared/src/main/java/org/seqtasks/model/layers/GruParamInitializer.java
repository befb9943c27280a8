package org.seqtasks.model.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gru}'s parameters, laid out as DL4J lays out an LSTM's: {@code W} [nIn, 3H] and {@code RW} [H, 3H] (gate blocks
 * [r, z, n], PyTorch's order), {@code b} [3H] (input side; for r and z it stands for both of PyTorch's biases) and
 * {@code RB} [H], the candidate's recurrent bias, which sits inside the reset gate's product. Weights by the layer's
 * initialiser (the recurrent one for {@code RW} when set), biases zero.
 */
final class GruParamInitializer implements ParamInitializer {
    static final String INPUT_WEIGHTS = "W";
    static final String RECURRENT_WEIGHTS = "RW";
    static final String BIAS = "b";
    static final String RECURRENT_BIAS = "RB";
    static final CellParameters KEYS = new CellParameters(INPUT_WEIGHTS, RECURRENT_WEIGHTS, BIAS, RECURRENT_BIAS);
    static final GruParamInitializer INSTANCE = new GruParamInitializer();

    private static long[] sizes(Layer layer) {
        Gru g = (Gru) layer;
        long nIn = g.getNIn();
        long h = g.getNOut();
        return new long[] {nIn * 3 * h, h * 3 * h, 3 * h, h};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long total = 0;
        for (long s : sizes(layer)) {
            total += s;
        }
        return total;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS, BIAS, RECURRENT_BIAS);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS, RECURRENT_BIAS);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return INPUT_WEIGHTS.equals(key) || RECURRENT_WEIGHTS.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS.equals(key) || RECURRENT_BIAS.equals(key);
    }

    private static Map<String, INDArray> views(Gru g, INDArray flat) {
        long[] s = sizes(g);
        long nIn = g.getNIn();
        long h = g.getNOut();
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long at = 0;
        out.put(INPUT_WEIGHTS, row.get(NDArrayIndex.interval(at, at + s[0])).reshape('f', nIn, 3 * h));
        at += s[0];
        out.put(RECURRENT_WEIGHTS, row.get(NDArrayIndex.interval(at, at + s[1])).reshape('f', h, 3 * h));
        at += s[1];
        out.put(BIAS, row.get(NDArrayIndex.interval(at, at + s[2])));
        at += s[2];
        out.put(RECURRENT_BIAS, row.get(NDArrayIndex.interval(at, at + s[3])));
        return out;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Gru g = (Gru) conf.getLayer();
        Map<String, INDArray> p = views(g, paramsView);
        if (initializeParams) {
            long nIn = g.getNIn();
            long h = g.getNOut();
            IWeightInit input = g.getWeightInitFn();
            IWeightInit recurrent = g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent() : input;
            input.init(nIn, h, new long[] {nIn, 3 * h}, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER, p.get(INPUT_WEIGHTS));
            recurrent.init(
                    h, h, new long[] {h, 3 * h}, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER, p.get(RECURRENT_WEIGHTS));
            p.get(BIAS).assign(0);
            p.get(RECURRENT_BIAS).assign(0);
        }
        return p;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((Gru) conf.getLayer(), gradientView);
    }
}
