package org.seqtasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;

/** Scaling the rates in place trains exactly as DL4J's own setLearningRate does, and reaches a graph vertex's rates. */
class LearningRatesTest {

    @Test
    void inPlaceScalingTrainsAsDl4jsSetLearningRate() {
        // three networks built alike (same seed), not clones: a clone shares its layers' updater configurations
        MultiLayerNetwork ours = network();
        MultiLayerNetwork dl4js = network();
        MultiLayerNetwork unscaled = network();
        assertEquals(0, ours.params().sub(unscaled.params()).amaxNumber().doubleValue(), 0);
        Nd4j.getRandom().setSeed(3);
        INDArray features = Nd4j.rand(DataType.FLOAT, 4, 5, 6);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 5, 6);
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t < 6; t++) {
                labels.putScalar(new int[] {b, (b + t) % 5, t}, 1.0);
            }
        }
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {ours, dl4js, unscaled}) {
            net.fit(features, labels); // Adam's moments are not zero when the rate changes
        }

        LearningRates.scale((BaseMultiLayerUpdater<?>) ours.getUpdater(true), 0.25);
        for (int i = 0; i < dl4js.getnLayers(); i++) {
            Double lr = dl4js.getLearningRate(i);
            if (lr != null) {
                dl4js.setLearningRate(i, lr * 0.25);
                assertEquals(lr * 0.25, ours.getLearningRate(i), 1e-12, "layer " + i + "'s configured rate");
            }
        }
        for (int step = 0; step < 3; step++) {
            for (MultiLayerNetwork net : new MultiLayerNetwork[] {ours, dl4js, unscaled}) {
                net.fit(features, labels);
            }
        }
        double difference = ours.params().sub(dl4js.params()).amaxNumber().doubleValue();
        assertEquals(0, difference, 1e-6, "the parameters after three more updates");
        double effect = ours.params().sub(unscaled.params()).amaxNumber().doubleValue();
        assertTrue(effect > 1e-4, "the scaled rate changed the updates (" + effect + ")");
    }

    private static MultiLayerNetwork network() {
        return RecurrentNetworks.perStepClassifier(
                RnnConfig.of(Cell.LSTM, 3).hidden(8).layers(2), 5, 5);
    }

    @Test
    void reachesTheAttentionVertexOfAGraph() {
        ComputationGraph graph = RecurrentNetworks.encoderDecoder(
                RnnConfig.of(Cell.LSTM, 3).hidden(8), 7, 6, 4, true, DecoderStart.ZERO);
        var updater = graph.getUpdater(true);
        double before = Double.NaN;
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            before = block.getGradientUpdater().getConfig().getLearningRate(0, 0);
        }
        LearningRates.scale(updater, 0.5);
        int blocks = 0;
        boolean vertex = false;
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            assertEquals(before * 0.5, block.getGradientUpdater().getConfig().getLearningRate(0, 0), 1e-12);
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                assertEquals(
                        before * 0.5,
                        p.getLayer()
                                .getConfig()
                                .getUpdaterByParam(p.getParamName())
                                .getLearningRate(0, 0),
                        1e-12,
                        p.getLayer().getConfig().getLayerName() + " " + p.getParamName());
                vertex |= p.getLayer().getConfig().getLayerName().equals(RecurrentNetworks.ATTENTION);
            }
            blocks++;
        }
        assertTrue(blocks > 0);
        assertTrue(vertex, "the attention vertex's parameters are among those scaled");
    }
}
