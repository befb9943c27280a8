package org.seqtasks.model.layers;

import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The implementation behind {@link FastLstm} and {@link FastSimpleRnn}: a DL4J recurrent layer whose
 * time loop is {@link SequencePass}. It honours what DL4J's own recurrent layers do: feature masks (a masked step
 * outputs zeros and passes a zero state on), truncated BPTT (state carried across segments, gradient cut),
 * {@code rnnTimeStep}, input dropout, weight noise, and the parameter and gradient views DL4J's updaters,
 * clipping and L2 act on. Optionally ({@link StartsFromInputTail}) it starts from a state read off its input.
 */
public final class FastRecurrentLayer extends BaseRecurrentLayer<org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer> {
    /** The state keys of DL4J's own LSTM, so a state map reads the same whichever implementation made it. */
    static final String STATE_H = "prevAct";

    static final String STATE_C = "prevMem";

    private final CellEquations cell;
    private final CellParameters keys;
    private final boolean passesMaskOn;
    private final SequencePass<?> pass;
    /** The input of the last training forward pass, whose activations the buffers still hold; null when stale. */
    private INDArray forwardInput;
    /** {@link StartsFromInputTail}: h_0 is the last H input columns at the first step when no state is carried in. */
    private final boolean startsFromInputTail;
    /** Whether the last forward pass took its h_0 from the input, so that backward owes those columns dL/dh_0. */
    private boolean startedFromInputTail;

    FastRecurrentLayer(
            NeuralNetConfiguration conf,
            DataType dataType,
            CellEquations cell,
            CellParameters keys,
            boolean passesMaskOn) {
        super(conf, dataType);
        this.cell = cell;
        this.keys = keys;
        this.passesMaskOn = passesMaskOn;
        var layer = (FeedForwardLayer) conf.getLayer();
        this.pass = new SequencePass<>(
                Lanes.forType(dataType), cell, dataType, (int) layer.getNIn(), (int) layer.getNOut());
        this.startsFromInputTail = StartsFromInputTail.isOn(layer);
        if (startsFromInputTail && layer.getNIn() < layer.getNOut()) {
            throw new IllegalArgumentException("a layer starting from its input tail needs nIn >= nOut, got nIn "
                    + layer.getNIn() + ", nOut " + layer.getNOut());
        }
    }

    private int hidden() {
        return (int) layerConf().getNOut();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, null, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(false, stateMap.get(STATE_H), stateMap.get(STATE_C), workspaceMgr);
        storeLastState(stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(
            INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(training, tBpttStateMap.get(STATE_H), tBpttStateMap.get(STATE_C), workspaceMgr);
        if (storeLastForTBPTT) {
            storeLastState(tBpttStateMap);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backward(epsilon, -1, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(
            INDArray epsilon, int tbpttBackwardLength, LayerWorkspaceMgr workspaceMgr) {
        return backward(epsilon, tbpttBackwardLength, stateMap, workspaceMgr);
    }

    private INDArray forward(boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new DL4JInvalidInputException("recurrent layer " + layerId()
                    + " expects [batch, features, time] input, got rank " + input.rank());
        }
        if (input.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("recurrent layer " + layerId() + " has nIn = "
                    + layerConf().getNIn() + " but received input with size(1) = " + input.size(1));
        }
        if (h0 != null && h0.size(0) != input.size(0)) {
            throw new DL4JInvalidInputException(
                    "stored state of layer " + layerId() + " has " + h0.size(0) + " examples but the input has "
                            + input.size(0) + ": clear the state (rnnClearPreviousState) between different sequences");
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        startedFromInputTail = startsFromInputTail && h0 == null;
        if (startedFromInputTail) {
            // after dropout, so that the input gradient (dropout applied to it on the way back) matches
            h0 = input.get(NDArrayIndex.all(), tailColumns(), NDArrayIndex.point(0));
        }
        INDArray out = workspaceMgr.create(
                ArrayType.ACTIVATIONS, dataType, new long[] {input.size(0), hidden(), input.size(2)}, 'f');
        pass.forward(
                input,
                maskArray,
                h0,
                c0,
                getParamWithNoise(keys.input(), training, workspaceMgr),
                getParamWithNoise(keys.recurrent(), training, workspaceMgr),
                getParamWithNoise(keys.bias(), training, workspaceMgr),
                keys.recurrentBias() == null ? null : getParamWithNoise(keys.recurrentBias(), training, workspaceMgr),
                out);
        forwardInput = training ? input : null;
        return out;
    }

    private void storeLastState(Map<String, INDArray> into) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray h = Nd4j.create(dataType, pass.batch(), hidden());
            INDArray c = cell.carriesCell ? Nd4j.create(dataType, pass.batch(), hidden()) : null;
            pass.lastState(h, c);
            into.put(STATE_H, h);
            if (c != null) {
                into.put(STATE_C, c);
            }
        }
    }

    private Pair<Gradient, INDArray> backward(
            INDArray epsilon, int backwardLength, Map<String, INDArray> state, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (forwardInput == null || forwardInput != input) {
            // Called without the training pass just before (not the case in MultiLayerNetwork or ComputationGraph
            // fits).
            forward(
                    true,
                    state == null ? null : state.get(STATE_H),
                    state == null ? null : state.get(STATE_C),
                    workspaceMgr);
        }
        INDArray dInput = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'f');
        INDArray dInitialState = startedFromInputTail
                ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {input.size(0), hidden()}, 'c')
                : null;
        INDArray recurrentBiasGrad = keys.recurrentBias() == null ? null : gradientViews.get(keys.recurrentBias());
        pass.backward(
                epsilon,
                backwardLength,
                getParamWithNoise(keys.input(), true, workspaceMgr),
                getParamWithNoise(keys.recurrent(), true, workspaceMgr),
                gradientViews.get(keys.input()),
                gradientViews.get(keys.recurrent()),
                gradientViews.get(keys.bias()),
                recurrentBiasGrad,
                dInput,
                dInitialState);
        if (dInitialState != null) {
            dInput.get(NDArrayIndex.all(), tailColumns(), NDArrayIndex.point(0)).addi(dInitialState);
        }
        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(keys.input(), gradientViews.get(keys.input()));
        g.gradientForVariable().put(keys.recurrent(), gradientViews.get(keys.recurrent()));
        g.gradientForVariable().put(keys.bias(), gradientViews.get(keys.bias()));
        if (recurrentBiasGrad != null) {
            g.gradientForVariable().put(keys.recurrentBias(), recurrentBiasGrad);
        }
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(dInput));
    }

    /** The input columns that are h_0 when starting from the input tail: the last H. */
    private INDArrayIndex tailColumns() {
        long nIn = layerConf().getNIn();
        return NDArrayIndex.interval(nIn - hidden(), nIn);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        // As DL4J's own layers do: its LSTM only passes the mask on (it is given the mask through setMaskArray),
        // its SimpleRnn keeps the one it is handed here.
        if (passesMaskOn) {
            return new Pair<>(maskArray, MaskState.Passthrough);
        }
        return super.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
    }

    @Override
    public Gradient gradient() {
        throw new UnsupportedOperationException(
                "recurrent layers have no layer-wise pretraining gradient: " + layerId());
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }
}
