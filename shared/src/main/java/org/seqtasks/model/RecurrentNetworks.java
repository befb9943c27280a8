package org.seqtasks.model;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
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
        int index = addRecurrentStack(list, config, nIn, 0);
        int width = outputWidth(config);
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

    /** How a sequence classifier turns per-step states into one vector. */
    public enum Pooling {
        /**
         * The state at each sequence's last real step (the lecture's many-to-one). Trained through an
         * {@code RnnOutputLayer} with a label mask on that step, which also works under truncated BPTT.
         */
        LAST,
        /**
         * The element-wise maximum over the real steps. Used for bidirectional layers: at the last step
         * the backward direction has read a single word, so "last step" would waste half the model.
         */
        MAX
    }

    /**
     * Many-to-one: word ids -> an embedding -> stacked recurrent layers -> one softmax over
     * {@code classes} per sequence, read at the last real step or pooled over time.
     */
    public static MultiLayerNetwork sequenceClassifier(RnnConfig config, int vocabularySize, int embeddingSize,
                                                       int classes, Pooling pooling) {
        if (config.bidirectional() && config.tbptt() > 0) {
            throw new org.seqtasks.data.SeqtasksException(
                    "truncated BPTT cannot be combined with --bidirectional: the backward pass needs the whole sequence");
        }
        if (pooling != Pooling.LAST && config.tbptt() > 0) {
            throw new org.seqtasks.data.SeqtasksException("truncated BPTT needs last-step pooling (the loss must sit on one step)");
        }
        NeuralNetConfiguration.ListBuilder list = base(config).list();
        list.layer(0, new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embeddingSize).build());
        int index = addRecurrentStack(list, config, embeddingSize, 1);
        int width = outputWidth(config);
        if (pooling == Pooling.LAST) {
            var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                    .nIn(width).nOut(classes).dataFormat(RNNFormat.NCW);
            if (config.dropout() > 0) {
                out.dropOut(1.0 - config.dropout());
            }
            list.layer(index, out.build());
        } else {
            list.layer(index++, new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
            var out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(width).nOut(classes);
            if (config.dropout() > 0) {
                out.dropOut(1.0 - config.dropout());
            }
            list.layer(index, out.build());
        }
        if (config.tbptt() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(config.tbptt()).tBPTTBackwardLength(config.tbptt());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Adds {@code config.layers()} recurrent layers from position {@code index}; returns the next free index. */
    private static int addRecurrentStack(NeuralNetConfiguration.ListBuilder list, RnnConfig config, int nIn, int index) {
        int width = nIn;
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = config.cell().layer(width, config.hidden(), 1.0 - config.dropout());
            list.layer(index++, config.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer);
            width = outputWidth(config);
        }
        return index;
    }

    private static int outputWidth(RnnConfig config) {
        return config.bidirectional() ? 2 * config.hidden() : config.hidden();
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
}
