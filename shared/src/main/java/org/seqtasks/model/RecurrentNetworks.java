package org.seqtasks.model;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one place that turns an {@link RnnConfig} into a DL4J network, for each RNN shape. Tasks choose a
 * shape and sizes; cell type, stacking, direction, truncated BPTT, clipping, dropout, weight decay and
 * initialisation are decided here, identically for SimpleRnn and LSTM, so comparisons differ only in the cell.
 */
public final class RecurrentNetworks {
    private RecurrentNetworks() {
    }

    /**
     * Synced many-to-many: {@code nIn} features per step (one-hot ids or dense vectors) -> stacked
     * recurrent layers -> a softmax over {@code nOut} classes at every step. The character language
     * model (next character) and taggers use it.
     */
    public static MultiLayerNetwork perStepClassifier(RnnConfig config, int nIn, int nOut) {
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        int width = nIn;
        int index = 0;
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = config.cell().layer(width, config.hidden(), 1.0 - config.dropout());
            list.layer(index++, config.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer);
            width = config.bidirectional() ? 2 * config.hidden() : config.hidden();
        }
        // dataFormat must be explicit after Bidirectional, or DL4J reports a misleading length mismatch.
        list.layer(index, new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(width).nOut(nOut).dataFormat(RNNFormat.NCW).build());
        if (config.tbptt() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(config.tbptt()).tBPTTBackwardLength(config.tbptt());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder base(RnnConfig config) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER);
        if (config.clip() > 0) {
            b.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(config.clip());
        }
        if (config.l2() > 0) {
            b.l2(config.l2());
        }
        return b;
    }

    /** The input width of a configuration's first layer (for checks on loaded models). */
    public static long inputSize(MultiLayerConfiguration conf) {
        var layer = conf.getConf(0).getLayer();
        if (layer instanceof Bidirectional bi) {
            return ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) bi.getFwd()).getNIn();
        }
        return ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer).getNIn();
    }
}
