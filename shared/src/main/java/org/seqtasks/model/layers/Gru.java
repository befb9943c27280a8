package org.seqtasks.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gated recurrent unit (Cho et al. 2014), the variant PyTorch and cuDNN use ("reset after", Keras'
 * {@code reset_after=True}): the reset gate scales the recurrent product, bias included, after the matrix product,
 * which lets that product be one matrix multiply per step like the other cells':
 * <pre>
 *   r = sigmoid(x W_r + h RW_r + b_r)          z = sigmoid(x W_z + h RW_z + b_z)
 *   n = tanh(x W_n + b_n + r * (h RW_n + RB))   h' = (1 - z) * n + z * h
 * </pre>
 * Parameters {@code 3H(nIn + H) + 3H + H} ({@link GruParamInitializer}). DL4J 1.0.0-M2.1 has no GRU layer; this one
 * runs on the same {@link FastRecurrentLayer} machinery as {@link FastLstm}, so it works wherever they do.
 */
public class Gru extends BaseRecurrentLayer implements StartsFromInputTail {

    /** See {@link StartsFromInputTail}; absent from older saved configurations, which read it as false. */
    private boolean initialStateFromInputTail;

    @Override
    public boolean isInitialStateFromInputTail() {
        return initialStateFromInputTail;
    }

    @Override
    public void setInitialStateFromInputTail(boolean on) {
        this.initialStateFromInputTail = on;
    }

    public Gru() {
        // For JSON; the builder sets the fields.
    }

    private Gru(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        FastRecurrentLayer layer =
                new FastRecurrentLayer(conf, networkDataType, CellEquations.GRU, GruParamInitializer.KEYS, true);
        return ConfigCopy.wire(layer, this, conf, listeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, Gru.class, inputType, getOutputType(-1, inputType))
                .standardMemory(
                        params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public static final class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Gru build() {
            return new Gru(this);
        }
    }
}
