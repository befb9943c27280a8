package org.seqtasks.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's {@link RnnOutputLayer} configuration, run by {@link FastSoftmaxOutputLayer} when it is a per-step softmax
 * on unweighted multi-class cross-entropy over [batch, features, time] data with a bias; any other setting runs
 * DL4J's own implementation. Being a subclass, it has the same fields, parameter initializer ({@code W} [nIn, nOut],
 * {@code b} [1, nOut]) and JSON but for the class name, so a saved network loads with either.
 */
public class FastRnnOutputLayer extends RnnOutputLayer {

    /** The fast twin of a configured stock layer (all its settings copied). */
    public static FastRnnOutputLayer of(RnnOutputLayer stock) {
        return ConfigCopy.into(stock, new FastRnnOutputLayer());
    }

    /** Whether {@link FastSoftmaxOutputLayer} implements this configuration (else DL4J's layer runs it). */
    boolean fused() {
        return getActivationFn() instanceof ActivationSoftmax
                && getLossFn() instanceof LossMCXENT loss
                && loss.getWeights() == null
                && hasBias()
                && getRnnDataFormat() != RNNFormat.NWC;
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (!fused()) {
            return super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
        }
        LayerValidation.assertNInNOutSet("RnnOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        FastSoftmaxOutputLayer layer = new FastSoftmaxOutputLayer(conf, networkDataType);
        return ConfigCopy.wire(layer, this, conf, listeners, layerIndex, layerParamsView, initializeParams);
    }
}
