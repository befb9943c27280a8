package org.seqtasks.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} configuration, run by {@link FastRecurrentLayer}. Being a subclass, it has the same fields,
 * parameter initializer and parameter layout ({@code W} [nIn, 4H], {@code RW} [H, 4H], {@code b} [4H], gate blocks
 * [g, f, o, i]) and the same JSON but for the class name, so a network converts between the two losslessly.
 * The fast kernels implement tanh with sigmoid gates; any other activation runs DL4J's own implementation.
 */
public class FastLstm extends LSTM implements StartsFromInputTail {

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

    /** The fast twin of a configured stock layer (all its settings copied). */
    public static FastLstm of(LSTM stock) {
        return ConfigCopy.into(stock, new FastLstm());
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (!(getActivationFn() instanceof ActivationTanH) || !(getGateActivationFn() instanceof ActivationSigmoid)) {
            if (initialStateFromInputTail) {
                throw new IllegalStateException(
                        "starting from the input tail needs the fast kernels (tanh cells), not DL4J's implementation");
            }
            return super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
        }
        FastRecurrentLayer layer =
                new FastRecurrentLayer(conf, networkDataType, CellEquations.LSTM, CellParameters.DL4J, true);
        return ConfigCopy.wire(layer, this, conf, listeners, layerIndex, layerParamsView, initializeParams);
    }
}
