package org.seqtasks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.data.SequenceBatcher;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RnnConfig;

class TrainerTest {
    @TempDir
    Path dir;

    private static int[] corpus() {
        // a learnable stream: "abcabd" repeated, with noise
        Random r = new Random(1);
        int[] ids = new int[3000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(20) == 0 ? r.nextInt(5) : "abcabd".charAt(i % 6) - 'a';
        }
        return ids;
    }

    private static MultiLayerNetwork net(Cell cell, int tbptt) {
        return RecurrentNetworks.perStepClassifier(
                RnnConfig.of(cell, 7).hidden(16).tbptt(tbptt).clip(5).learningRate(0.02), 5, 5);
    }

    private TrainResult train(MultiLayerNetwork net, int epochs, Trainer.Checkpoint<MultiLayerNetwork> checkpoint) {
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        NextTokenWindowIterator val = new NextTokenWindowIterator(corpus(), 5, 30, 8, false, 0);
        return new Trainer(new TrainOptions(epochs, 0, 0, 0, "chars", false))
                .fit(
                        net,
                        train,
                        train.batchesPerEpoch(),
                        n -> SequenceCrossEntropy.evaluate(n, val).mean(),
                        checkpoint,
                        dir.resolve("curve.csv"),
                        3);
    }

    @Test
    void learnsWritesTheCurveAndCheckpointsOnlyOnImprovement() throws Exception {
        List<Double> saved = new ArrayList<>();
        MultiLayerNetwork net = net(Cell.LSTM, 10);
        double untrained = SequenceCrossEntropy.evaluate(net, new NextTokenWindowIterator(corpus(), 5, 30, 8, false, 0))
                .mean();
        TrainResult r = train(net, 4, n -> saved.add(n.params().sumNumber().doubleValue()));
        assertEquals(4, r.curve().size());
        assertEquals(TrainResult.StopReason.EPOCHS, r.stopReason());
        assertTrue(r.bestValidationLoss() < 0.5 * untrained, untrained + " -> " + r.curve());
        assertTrue(r.bestValidationLoss() < 1.0, "ln 5 = 1.61 is chance; got " + r.bestValidationLoss());
        assertTrue(saved.size() >= 1 && saved.size() <= 4);
        List<String> csv = Files.readAllLines(dir.resolve("curve.csv"));
        assertEquals(CurvePoint.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size());
        assertEquals(3000 - 1, r.units() / 4, "units = predicted chars per epoch");
    }

    @Test
    void sameSeedSameRun() {
        MultiLayerNetwork a = net(Cell.RNN, 10);
        MultiLayerNetwork b = net(Cell.RNN, 10);
        TrainResult ra = train(a, 2, null);
        TrainResult rb = train(b, 2, null);
        assertEquals(a.params(), b.params());
        assertEquals(ra.bestValidationLoss(), rb.bestValidationLoss(), 0.0);
    }

    @Test
    void reportedTrainingLossIsTheMeanPerStepLossOfTheBatch() {
        MultiLayerNetwork net = net(Cell.LSTM, 0);
        DataSet ds = SequenceBatcher.oneHot(5, 5)
                .perStep(
                        List.of(new int[] {0, 1, 2, 3}, new int[] {4, 4}),
                        List.of(new int[] {1, 2, 3, 4}, new int[] {0, 1}));
        double before = SequenceCrossEntropy.of(
                        net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray()),
                        ds.getLabels(),
                        ds.getLabelsMaskArray())
                .mean();
        net.fit(ds); // DL4J scores with the weights before the update
        assertEquals(before, Trainer.lastSegmentLossPerUnit(net, ds), 1e-4);
    }

    @Test
    void aNanLossStopsWithAClearMessage() {
        MultiLayerNetwork net = net(Cell.RNN, 0);
        DataSet poisoned = SequenceBatcher.oneHot(5, 5).perStep(List.of(new int[] {0, 1}), List.of(new int[] {1, 2}));
        poisoned.getFeatures().putScalar(0, 0, 0, Double.NaN);
        DataSetIterator it = new TestDataSetIterator(poisoned, 1);
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> new Trainer(new TrainOptions(1, 0, 0, 0, "chars", false))
                        .fit(net, it, 1, n -> 0.0, null, null, 1));
        assertTrue(
                e.getMessage().startsWith("training diverged: the loss became NaN at epoch 1, iteration 1"),
                e.getMessage());
    }

    @Test
    void aTimeBudgetStopsMidEpochAndStillValidates() {
        MultiLayerNetwork net = net(Cell.LSTM, 10);
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 1, true, 11);
        TrainResult r = new Trainer(new TrainOptions(1000, 0.002, 0, 0, "chars", false))
                .fit(net, train, train.batchesPerEpoch(), n -> 1.0, null, null, 1);
        assertEquals(TrainResult.StopReason.TIME_BUDGET, r.stopReason());
        assertTrue(r.epochs() < 1000);
        assertEquals(1, r.curve().size());
    }

    @Test
    void patienceStopsEarly() {
        MultiLayerNetwork net = net(Cell.RNN, 10);
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        double[] losses = {1.0, 0.9, 0.95, 0.97, 0.5};
        int[] call = {0};
        TrainResult r = new Trainer(new TrainOptions(10, 0, 0, 2, "chars", false))
                .fit(net, train, train.batchesPerEpoch(), n -> losses[call[0]++], null, null, 1);
        assertEquals(TrainResult.StopReason.EARLY_STOP, r.stopReason());
        assertEquals(4, r.curve().size());
        assertEquals(0.9, r.bestValidationLoss());
    }

    /** A tagger reports accuracy: a byError validation keeps the weights of the lowest error, though the loss rose there. */
    @Test
    void aByErrorValidationKeepsTheWeightsOfTheLowestError() {
        MultiLayerNetwork net = net(Cell.RNN, 10);
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        double[] losses = {1.0, 0.8, 0.9, 0.95, 0.99};
        double[] errors = {0.3, 0.2, 0.1, 0.15, 0.1};
        List<INDArray> seen = new ArrayList<>();
        TrainResult r = new Trainer(new TrainOptions(10, 0, 0, 2, "chars", false))
                .fit(
                        net,
                        train,
                        train.batchesPerEpoch(),
                        Trainer.Validation.byError(n -> {
                            seen.add(n.params().dup());
                            return new Trainer.Measured(losses[seen.size() - 1], errors[seen.size() - 1]);
                        }),
                        null,
                        null,
                        1);
        assertEquals(
                TrainResult.StopReason.EARLY_STOP,
                r.stopReason(),
                "patience counts validations without a lower error (a tie is none)");
        assertEquals(5, r.curve().size());
        assertEquals(0.9, r.bestValidationLoss(), "the loss at the lowest error, not the lowest loss");
        assertEquals(seen.get(2), net.params());
        assertEquals(0.8, r.curve().get(1).validationLoss(), "the curve keeps the losses");
    }

    /** Reduce on plateau: each validation that does not beat the best scales every layer's rate by the factor. */
    @Test
    void theLearningRateDecaysOnlyAfterValidationsWithoutImprovement() {
        MultiLayerNetwork net = net(Cell.LSTM, 10);
        double initial = net.getLearningRate(0);
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        double[] losses = {1.0, 0.9, 0.95, 0.97, 0.5};
        int[] call = {0};
        new Trainer(new TrainOptions(5, 0, 0, 0, "chars", false, true, 0.5))
                .fit(net, train, train.batchesPerEpoch(), n -> losses[call[0]++], null, null, 1);
        for (int i = 0; i < net.getnLayers(); i++) {
            assertEquals(
                    initial * 0.25, net.getLearningRate(i), 1e-12, "two validations without improvement, layer " + i);
        }
        assertThrows(UserFacingException.class, () -> new TrainOptions(5, 0, 0, 0, "chars", false, true, 1.5));
    }

    /**
     * Annealing over a budget: by the budget's end every layer's rate is within a few steps of its floor (1%), where a
     * run without it keeps the initial rate; and a plateau's decay stays in the product.
     */
    @Test
    void annealingLowersTheLearningRateOverTheBudget() {
        double budgetMinutes = 0.03;
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        for (double plateau : new double[] {1.0, 0.5}) {
            MultiLayerNetwork net = net(Cell.LSTM, 10);
            double initial = net.getLearningRate(0);
            int[] call = {0}; // validations at each epoch's end: the first is the best, none after it improves
            TrainResult r = new Trainer(
                            new TrainOptions(1000, budgetMinutes, 0, 0, "chars", false, true, plateau).annealing(true))
                    .fit(net, train, train.batchesPerEpoch(), n -> call[0]++ == 0 ? 1.0 : 2.0, null, null, 1);
            assertEquals(TrainResult.StopReason.TIME_BUDGET, r.stopReason());
            for (int i = 0; i < net.getnLayers(); i++) {
                double share = net.getLearningRate(i) / initial;
                double floor = Trainer.ANNEAL_STEP * Math.pow(plateau, call[0] - 1);
                assertTrue(
                        share >= floor * 0.99 && share <= floor * 10,
                        "layer " + i + " ends at " + share + " of its rate (plateau " + plateau + ")");
            }
        }
        MultiLayerNetwork constant = net(Cell.LSTM, 10);
        double initial = constant.getLearningRate(0);
        new Trainer(new TrainOptions(1000, budgetMinutes, 0, 0, "chars", false))
                .fit(constant, train, train.batchesPerEpoch(), n -> 1.0, null, null, 1);
        assertEquals(initial, constant.getLearningRate(0), 1e-12);
        assertThrows(
                UserFacingException.class,
                () -> new TrainOptions(5, 0, 0, 0, "chars", false).annealing(true),
                "annealing needs a budget");
    }

    /** The same per-step task as a one-input graph: what multi-input tasks (tagger, captioner) train through. */
    private static ComputationGraph graph() {
        var conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Adam(0.02))
                .graphBuilder()
                .addInputs("chars")
                .addLayer(
                        "rnn",
                        new LSTM.Builder()
                                .nIn(5)
                                .nOut(16)
                                .activation(Activation.TANH)
                                .build(),
                        "chars")
                .addLayer(
                        "out",
                        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .activation(Activation.SOFTMAX)
                                .nIn(16)
                                .nOut(5)
                                .dataFormat(RNNFormat.NCW)
                                .build(),
                        "rnn")
                .setOutputs("out")
                .build();
        var graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void aGraphsLearningRateDecaysToo() {
        var graph = graph();
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        new Trainer(new TrainOptions(3, 0, 0, 0, "chars", false, true, 0.5))
                .fit(graph, new MultiDataSetIteratorAdapter(train), train.batchesPerEpoch(), g -> 1.0, null, null, 3);
        assertEquals(0.02 * 0.25, graph.getLearningRate("rnn"), 1e-12);
        assertEquals(0.02 * 0.25, graph.getLearningRate("out"), 1e-12);
    }

    @Test
    void trainsAComputationGraphOnMultiDataSets() {
        var graph = graph();
        NextTokenWindowIterator train = new NextTokenWindowIterator(corpus(), 5, 30, 8, true, 11);
        NextTokenWindowIterator val = new NextTokenWindowIterator(corpus(), 5, 30, 8, false, 0);
        double[] losses = new double[2];
        TrainResult r = new Trainer(new TrainOptions(3, 0, 0, 0, "chars", false))
                .fit(
                        graph,
                        new MultiDataSetIteratorAdapter(train),
                        train.batchesPerEpoch(),
                        g -> {
                            val.reset();
                            double sum = 0;
                            long units = 0;
                            while (val.hasNext()) {
                                DataSet ds = val.next();
                                INDArray p = g.outputSingle(ds.getFeatures());
                                var ce = SequenceCrossEntropy.of(p, ds.getLabels(), ds.getLabelsMaskArray());
                                sum += ce.totalNats();
                                units += ce.steps();
                            }
                            return sum / units;
                        },
                        g -> losses[0]++,
                        null,
                        3);
        assertEquals(3, r.curve().size());
        assertTrue(losses[0] >= 1, "the checkpoint was called with the graph");
        assertTrue(r.bestValidationLoss() < 1.0, "ln 5 = 1.61 is chance; got " + r.curve());
        assertTrue(
                r.curve().get(0).trainLoss() > 0 && r.curve().get(0).trainLoss() < 2.0,
                "train loss per char: " + r.curve());
    }
}
