package org.seqtasks.model.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer applied at every step of a sequence [n, nIn, T] -> [n, nOut, T] (NCW), the mask passed through: DL4J's
 * own dense layer folded over the steps ([n T, nIn]) and unfolded again. Same parameters as {@link DenseLayer} (W [nIn,
 * nOut], b [1, nOut]). In M2.1 neither {@code TimeDistributed} nor a dense layer between preprocessors works in a
 * ComputationGraph fed [n, T] masks (docs/results.md, seq2seq section).
 */
public class StepwiseDense extends DenseLayer {

    /** The step-wise twin of a configured dense layer (all its settings copied). */
    public static StepwiseDense of(DenseLayer dense) {
        return ConfigCopy.into(dense, new StepwiseDense());
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        Steps layer = new Steps(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    /** The implementation: DL4J's dense layer on the folded steps. */
    static final class Steps extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {
        Steps(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            INDArray sequence = input;
            INDArray mask = maskArray;
            long n = sequence.size(0);
            long t = sequence.size(2);
            try {
                input = mgr.dup(ArrayType.INPUT, sequence.permute(0, 2, 1), 'c').reshape('c', n * t, sequence.size(1));
                maskArray = null; // the [n, T] mask is for the steps; the folded rows need none (the loss masks them)
                INDArray out = super.activate(training, mgr);
                return mgr.dup(
                        ArrayType.ACTIVATIONS,
                        out.reshape('c', n, t, out.size(1)).permute(0, 2, 1),
                        'c');
            } finally {
                input = sequence;
                maskArray = mask;
            }
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            INDArray sequence = input;
            INDArray mask = maskArray;
            long n = sequence.size(0);
            long t = sequence.size(2);
            try {
                input = mgr.dup(ArrayType.INPUT, sequence.permute(0, 2, 1), 'c').reshape('c', n * t, sequence.size(1));
                maskArray = null;
                INDArray folded = epsilon.permute(0, 2, 1).dup('c').reshape('c', n * t, epsilon.size(1));
                Pair<Gradient, INDArray> back = super.backpropGradient(folded, mgr);
                INDArray e = back.getSecond();
                INDArray unfolded = mgr.dup(
                        ArrayType.ACTIVATION_GRAD,
                        e.reshape('c', n, t, e.size(1)).permute(0, 2, 1),
                        'c');
                return new Pair<>(back.getFirst(), unfolded);
            } finally {
                input = sequence;
                maskArray = mask;
            }
        }
    }
}
