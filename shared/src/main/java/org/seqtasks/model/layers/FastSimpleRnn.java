package org.seqtasks.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SimpleRnn} configuration ({@code W} [nIn, H], {@code RW} [H, H], {@code b} [H]), run by
 * {@link FastRecurrentLayer}; see {@link FastLstm} for why a subclass. The fast kernels implement tanh without layer
 * normalisation; other settings run DL4J's own implementation.
 *
 * <p>Two differences from DL4J's SimpleRnn, both where DL4J's is inconsistent: under truncated BPTT DL4J's backward
 * pass recomputes the segment from a zero state instead of the carried one (so its gradient is not that of the loss
 * it reports), and a masked step does not reset its state (DL4J's LSTM does, and this layer does for both cells).
 * With right-padded masks and from a zero state the two agree exactly (tested).
 */
public class FastSimpleRnn extends SimpleRnn implements StartsFromInputTail {

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

    public FastSimpleRnn() {
        super(new SimpleRnn.Builder());
    }

    /** The fast twin of a configured stock layer (all its settings copied). */
    public static FastSimpleRnn of(SimpleRnn stock) {
        return ConfigCopy.into(stock, new FastSimpleRnn());
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (!(getActivationFn() instanceof ActivationTanH) || hasLayerNorm()) {
            if (initialStateFromInputTail) {
                throw new IllegalStateException(
                        "starting from the input tail needs the fast kernels (tanh cells), not DL4J's implementation");
            }
            return super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
        }
        FastRecurrentLayer layer =
                new FastRecurrentLayer(conf, networkDataType, CellEquations.SIMPLE_RNN, CellParameters.DL4J, false);
        return ConfigCopy.wire(layer, this, conf, listeners, layerIndex, layerParamsView, initializeParams);
    }
}
